import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createClient } from "@libsql/client";
import fc from "fast-check";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/shared/errors";
import { GENERATION_STATUSES } from "@/lib/shared/records";
import { displayFileName } from "@/lib/shared/uploads/file-name";
import { VISITOR_COOKIE } from "@/lib/server/visitor-id";
import { anyArgument, anyModel, edgeNumber, hostileOneImageSettings, hostileSettings, hostileText, validSettings } from "./support/hostile-values";
import { callRoute, nameOnTheWire, queryOf, safeText, statusFor, type RouteAnswer } from "./support/route-calls";

/**
 * Property-based fuzzing of every server action and every read and upload route, run as the app
 * runs them: the real actions module, the real route handlers fed real `Request`s, a real store in a
 * temp dir and the offline engine; only Next's request scope (the cookie jar) is stood in for.
 * Whatever arrives, each answers a typed result (with the HTTP status that matches it), never
 * throws, never answers "internal", and leaves the store consistent.
 */

// The visitor whose cookie the next action call carries; a malformed one makes the action mint a new id.
const request = vi.hoisted(() => ({ visitorCookie: "" }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (name === VISITOR_COOKIE ? { name, value: request.visitorCookie } : undefined),
    set: () => undefined,
  }),
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.7" }),
}));

const ALICE = "AliceAliceAliceAlice01";
const BOB = "BobBobBobBobBobBobBob1";
const SEED = 20_240_917;

type Actions = typeof import("@/app/actions");
let actions: Actions;
const routes = {
  gallery: () => import("@/app/api/gallery/route"),
  generations: () => import("@/app/api/generations/route"),
  ledger: () => import("@/app/api/ledger/route"),
  lineage: () => import("@/app/api/images/[id]/lineage/route"),
  uploads: () => import("@/app/api/uploads/route"),
};

/** A route's answer, checked to carry the status its result implies; the result is what the tests look at. */
async function viaRoute<T>(answer: Promise<RouteAnswer<T>>): Promise<ActionResult<T>> {
  const { status, result } = await answer;
  expect(status, JSON.stringify(result).slice(0, 300)).toBe(statusFor(result));
  return result;
}

async function upload(body: FormData | string): Promise<ActionResult<{ id: string; fileName: string | null }[]>> {
  const headers = typeof body === "string" ? { "content-type": "application/json" } : undefined;
  return viaRoute(callRoute((await routes.uploads()).POST, "/api/uploads", { method: "POST", body, headers }));
}

async function listGallery(query: string): Promise<ActionResult<{ items: GalleryItem[]; nextCursor: string | null }>> {
  return viaRoute(callRoute((await routes.gallery()).GET, `/api/gallery?${query}`));
}
type GalleryItem = { kind: "upload"; image: { id: string } } | { kind: "generation"; generation: { id: string } };

/** The read routes that take ids, called with `argument` as a hand-written URL would carry it. */
async function readById(name: "getGenerations" | "getLineage", argument: unknown): Promise<ActionResult<unknown>> {
  if (name === "getLineage") {
    const id = typeof argument === "string" ? argument : safeText(argument);
    return viaRoute(callRoute((await routes.lineage()).GET, `/api/images/${encodeURIComponent(id)}/lineage`, { params: { id } }));
  }
  const ids = Array.isArray(argument) ? argument.map((entry) => (typeof entry === "string" ? entry : safeText(entry))).join(",") : typeof argument === "string" ? argument : safeText(argument);
  return viaRoute(callRoute((await routes.generations()).GET, `/api/generations?${new URLSearchParams({ ids })}`));
}
let dataDir: string;
const studioKey = Symbol.for("seedream-studio.studio");
type StudioHolder = typeof globalThis & { [studioKey]?: Promise<import("@/lib/server/studio").Studio> };

/** Alice's own records, which nothing Bob sends and nothing malformed may change. */
const alice = { uploads: [] as { id: string; sha256: string }[], generationIds: [] as string[] };
let bobUploadId = "";

function as<T>(visitorCookie: string, call: () => Promise<T>): Promise<T> {
  request.visitorCookie = visitorCookie;
  return call();
}

/** A typed result, never an exception or an "internal" failure. */
function expectTyped(result: ActionResult<unknown>): void {
  expect(result).toBeTypeOf("object");
  if (result.ok) return;
  expect(result.error.code).not.toBe("internal");
  expect(result.error.message).toMatch(/\S/);
  expect(typeof result.error.retryable).toBe("boolean");
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function smallPng(colour: string, width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

function formWith(files: { bytes: Uint8Array; name: string }[], extra: [string, string][] = []): FormData {
  const form = new FormData();
  for (const { bytes, name } of files) form.append("files", new File([new Uint8Array(bytes)], name, { type: "image/png" }));
  for (const [key, value] of extra) form.append(key, value);
  return form;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "studio-fuzz-"));
  // A quota the fuzz reaches part way through, so refusals by quota are fuzzed as well as jobs.
  Object.assign(process.env, { STUDIO_DATA_DIR: dataDir, STUDIO_ENGINE: "local", STUDIO_LOCAL_DELAY_MS: "0", STUDIO_RATE_LIMIT: "40" });
  const holder = globalThis as StudioHolder;
  expect(holder[studioKey], "another test left a studio open in this worker").toBeUndefined();
  actions = await import("@/app/actions");

  for (const colour of ["#c33", "#3c3"]) {
    const bytes = await smallPng(colour);
    const result = await as(ALICE, () => upload(formWith([{ bytes, name: `alice ${colour}.png` }])));
    if (!result.ok) throw new Error(result.error.message);
    alice.uploads.push({ id: result.value[0]!.id, sha256: sha256(bytes) });
  }
  const started = await as(ALICE, () =>
    actions.startGeneration({ settings: { prompt: "Alice's lighthouse", image_size: "square" }, inputImageIds: [] }),
  );
  if (!started.ok) throw new Error(started.error.message);
  alice.generationIds.push(started.value.id);
  const bob = await as(BOB, async () => upload(formWith([{ bytes: await smallPng("#33c"), name: "bob.png" }])));
  if (!bob.ok) throw new Error(bob.error.message);
  bobUploadId = bob.value[0]!.id;
});

afterAll(async () => {
  const holder = globalThis as StudioHolder;
  const opened = holder[studioKey];
  delete holder[studioKey];
  if (opened) {
    const { jobs, store } = await opened;
    await jobs.idle();
    await store.close();
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const randomId = fc.oneof(fc.uuid(), hostileText, edgeNumber);
/** An id of Alice's, Bob's, a stranger's (random UUID), or something that is no id at all. */
const someId = () =>
  fc.oneof(
    fc.constantFrom(...alice.uploads.map((upload) => upload.id), ...alice.generationIds, bobUploadId),
    randomId,
  );

const visitor = fc.constantFrom(ALICE, BOB, "", "not a visitor id", "../../etc/passwd");

/** A function, like someId: the ids it draws from exist only once beforeAll has run. */
const hostileStart = () =>
  fc.record(
    {
      settings: fc.oneof({ arbitrary: validSettings, weight: 3 }, hostileSettings, anyArgument),
      inputImageIds: fc.oneof(
        { arbitrary: fc.constant([]), weight: 3 },
        { arbitrary: fc.array(fc.constantFrom(...alice.uploads.map((upload) => upload.id)), { minLength: 1, maxLength: 10 }), weight: 2 },
        fc.array(fc.constantFrom(...alice.uploads.map((upload) => upload.id), bobUploadId), { minLength: 1, maxLength: 11 }),
        fc.array(someId(), { maxLength: 12 }),
        anyArgument,
      ),
    },
    { requiredKeys: ["settings"] },
  );

const RUNS = { seed: SEED, numRuns: 150 } as const;

describe("every server action and read route answers anything with a typed result", () => {
  it("startGeneration: arbitrary arguments", async () => {
    await fc.assert(
      fc.asyncProperty(visitor, anyArgument, async (cookie, input) => {
        expectTyped(await as(cookie, () => actions.startGeneration(input)));
      }),
      RUNS,
    );
  });

  it("startGeneration: well-shaped settings at and past every bound, with anyone's input ids", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: fc.constant(ALICE), weight: 3 }, visitor), hostileStart(), async (cookie, input) => {
        const result = await as(cookie, () => actions.startGeneration(input));
        expectTyped(result);
        if (!result.ok) return;
        // An accepted job is exactly what was asked for, and only the asker's own images feed it.
        const settings = input.settings as { prompt: string };
        expect(result.value.prompt).toBe(settings.prompt.trim());
        // Recorded running when the runner had a slot free, queued behind the others otherwise.
        expect(["queued", "running"]).toContain(result.value.status);
        for (const id of result.value.inputImageIds) {
          const own = cookie === ALICE ? alice.uploads.some((upload) => upload.id === id) : id === bobUploadId;
          expect(own, `${id} fed a job of someone else`).toBe(true);
        }
        // Expensive jobs (four 1024 px renders) are stopped at once; the cancel path is fuzzed too.
        const settingsRecord = input.settings as { num_images?: number };
        if ((settingsRecord.num_images ?? 1) > 1) expectTyped(await as(cookie, () => actions.cancelGeneration(result.value.id)));
      }),
      { ...RUNS, numRuns: 300 },
    );
  });

  it("startGeneration on 4.5 and 5.0 Lite: watermark, 2K/4K, the 1440 minimum, 14 inputs, and v4's fields", async () => {
    const ids = () => alice.uploads.map((upload) => upload.id);
    await fc.assert(
      fc.asyncProperty(
        anyModel,
        fc.oneof(hostileOneImageSettings, hostileSettings),
        fc.oneof(fc.constant([]), fc.array(fc.constantFrom(...ids()), { minLength: 10, maxLength: 15 })),
        async (model, settings, inputImageIds) => {
          const result = await as(ALICE, () => actions.startGeneration({ model, settings, inputImageIds }));
          expectTyped(result);
          if (!result.ok) return;
          // Accepted only as the model's own contract allows: its id, its inputs, none of v4's fields on the newer ones.
          const limit = model === "seedream-v4" || model === undefined ? 10 : 14;
          expect(result.value.inputImageIds.length).toBeLessThanOrEqual(limit);
          if (model !== "seedream-v4" && model !== undefined) {
            expect(result.value.parameters).not.toHaveProperty("enable_safety_checker");
            expect(result.value.model).toMatch(/^bytedance\/seedream-(4-5|5-0-lite-preview)$/);
          }
          expectTyped(await as(ALICE, () => actions.cancelGeneration(result.value.id)));
        },
      ),
      { ...RUNS, numRuns: 200 },
    );
  });

  it("tryOnModel: any generation id, anyone's, any model", async () => {
    await fc.assert(
      fc.asyncProperty(visitor, fc.oneof(fc.record({ generationId: someId(), model: anyModel }), anyArgument), async (cookie, argument) => {
        const result = await as(cookie, () => actions.tryOnModel(argument));
        expectTyped(result);
        const { generationId, model } = (argument ?? {}) as { generationId?: unknown; model?: unknown };
        if (cookie !== ALICE && generationId === alice.generationIds[0] && typeof model === "string" && model.startsWith("seedream-")) {
          expect(result).toMatchObject({ ok: false });
        }
        if (cookie === ALICE && generationId === alice.generationIds[0] && model === "seedream-v4") {
          expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
        }
        if (result.ok) expectTyped(await as(cookie, () => actions.cancelGeneration(result.value.id)));
      }),
      { ...RUNS, numRuns: 150 },
    );
  });

  it("getGenerations, cancelGeneration, retryGeneration, deleteImage, dismissGeneration, getLineage, replayChain: any id, anyone's id", async () => {
    const idArgument = fc.oneof(someId(), anyArgument);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("getGenerations", "cancelGeneration", "retryGeneration", "deleteImage", "dismissGeneration", "getLineage", "replayChain"),
        visitor,
        fc.oneof(idArgument, fc.array(idArgument, { maxLength: 120 })),
        async (name, cookie, argument) => {
          // Alice's own records may only be reached by Alice: her deletes and retries would be real.
          const own = [...alice.uploads.map((upload) => upload.id), ...alice.generationIds];
          if (cookie === ALICE && (name === "deleteImage" || name === "dismissGeneration" || name === "retryGeneration" || name === "cancelGeneration")) {
            fc.pre(!own.includes(argument as string));
          }
          const result = await as(cookie, () =>
            name === "getGenerations" || name === "getLineage" ? readById(name, argument) : actions[name](argument),
          );
          expectTyped(result);
          if (name !== "getGenerations" && cookie !== ALICE && own.includes(argument as string)) {
            expect(result).toMatchObject({ ok: false, error: { code: "not_found" } });
          }
          if (name === "getLineage" && cookie === ALICE && alice.uploads.some((upload) => upload.id === argument)) {
            expect(result).toMatchObject({ ok: true, value: { focusId: argument, truncated: false } });
          }
          // An upload has no chain of edits behind it: a sentence, and no job.
          if (name === "replayChain" && cookie === ALICE && alice.uploads.some((upload) => upload.id === argument)) {
            expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
          }
          if (name === "getGenerations" && result.ok && cookie !== ALICE && Array.isArray(result.value)) {
            expect(result.value.map((generation: { id: string }) => generation.id)).not.toContain(alice.generationIds[0]);
          }
        },
      ),
      { ...RUNS, numRuns: 400 },
    );
  });

  it("GET /api/ledger: whatever query it is called with", async () => {
    const query = fc.oneof(fc.constant(""), fc.string({ maxLength: 60 }), fc.dictionary(fc.string({ maxLength: 8 }), anyArgument).map(queryOf));
    await fc.assert(
      fc.asyncProperty(visitor, query, async (cookie, search) => {
        const result = await as(cookie, async () => viaRoute(callRoute((await routes.ledger()).GET, `/api/ledger?${search}`)));
        expectTyped(result);
        // The ledger takes no fields at all: one given is refused, none given is answered.
        if (new URLSearchParams(search).size === 0) expect(result.ok).toBe(true);
        else expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
      }),
      { ...RUNS, numRuns: 50 },
    );
  });

  it("GET /api/gallery: any query, any cursor", async () => {
    const cursor = fc.oneof(
      hostileText,
      fc.string({ maxLength: 220 }),
      fc
        .tuple(fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)), fc.oneof(fc.uuid(), hostileText))
        .map(([createdAt, id]) => Buffer.from(`${createdAt}.${id}`).toString("base64url")),
      anyArgument,
    );
    const limit = fc.oneof(fc.integer({ min: 1, max: 100 }), edgeNumber);
    const query = fc.oneof(
      anyArgument,
      fc.record({ cursor }),
      fc.record({ cursor, limit }, { requiredKeys: [] }),
      fc.record({ cursor, limit, extra: anyArgument }, { requiredKeys: [] }),
    );
    const search = fc.oneof(query.map(queryOf), fc.string({ maxLength: 80 }), fc.constant("limit=1&limit=2"));
    await fc.assert(
      fc.asyncProperty(visitor, search, async (cookie, input) => {
        const result = await as(cookie, () => listGallery(input));
        expectTyped(result);
        if (!result.ok || cookie === ALICE) return;
        const seen = result.value.items.map((item) => (item.kind === "upload" ? item.image.id : item.generation.id));
        for (const id of [...alice.uploads.map((upload) => upload.id), ...alice.generationIds]) expect(seen).not.toContain(id);
      }),
      RUNS,
    );
  });

  it("POST /api/uploads: any body, any form, any bytes and any file name", async () => {
    const validPng = await smallPng("#fa0");
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2_048 }),
      fc.constant(new Uint8Array(0)),
      // A real PNG cut short, or with bytes flipped: the header still parses, the pixels do not.
      fc.integer({ min: 8, max: validPng.length - 1 }).map((length) => new Uint8Array(validPng.subarray(0, length))),
      fc.tuple(fc.nat(validPng.length - 1), fc.integer({ min: 0, max: 255 })).map(([at, value]) => {
        const copy = new Uint8Array(validPng);
        copy[at] = value;
        return copy;
      }),
      fc.constant(new Uint8Array(validPng)),
    );
    const file = fc.record({ bytes, name: fc.oneof(hostileText, fc.string({ maxLength: 300 })) });
    const form = fc
      .tuple(
        fc.array(file, { maxLength: 12 }),
        fc.array(fc.tuple(fc.constantFrom("files", "0", "$ACTION_ID", "1_files"), fc.string({ maxLength: 20 })), {
          maxLength: 3,
        }),
      )
      .map(([files, extra]) => ({ kind: "form" as const, files, form: formWith(files, extra) }));
    // Real images under hostile names, so that kept uploads (and their names) are fuzzed too.
    const goodForm = fc
      .array(fc.record({ bytes: fc.constant(new Uint8Array(validPng)), name: fc.oneof(hostileText, fc.string({ maxLength: 300 })) }), {
        minLength: 1,
        maxLength: 3,
      })
      .map((files) => ({ kind: "form" as const, files, form: formWith(files) }));
    const notAForm = anyArgument.map((value) => ({ kind: "value" as const, value }));

    await fc.assert(
      fc.asyncProperty(visitor, fc.oneof(form, goodForm, notAForm), async (cookie, input) => {
        if (input.kind === "value") {
          const result = await as(cookie, () => upload(safeText(input.value)));
          expect(result).toEqual({
            ok: false,
            error: { code: "invalid_input", message: "Send the images as a form.", retryable: false },
          });
          return;
        }
        const sent = input;
        const result = await as(cookie, () => upload(sent.form));
        expectTyped(result);
        // A name with NUL or escape in it cannot be read from a multipart header: one sentence, nothing kept.
        if (sent.files.slice(0, 10).some((picked) => /[\u0000\u001b]/.test(picked.name))) {
          expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.stringMatching(/control characters/) } });
        }
        if (!result.ok) return;
        // A kept upload shows its name made safe: its last path part, with no control or bidi characters.
        expect(result.value.map((image) => image.fileName)).toEqual(sent.files.map((picked) => displayFileName(nameOnTheWire(picked.name))));
        for (const image of result.value) expect(image.fileName).not.toMatch(/[\p{Cc}\u202A-\u202E\u2066-\u2069/\\]/u);
      }),
      { ...RUNS, numRuns: 120 },
    );
  });
});

describe("after the fuzzing", () => {
  it("every job has finished, every row is valid, every live image has its bytes, and Alice lost nothing", async () => {
    const { jobs, store } = await (globalThis as StudioHolder)[studioKey]!;
    await jobs.idle();

    const db = createClient({ url: pathToFileURL(join(dataDir, "studio.db")).href });
    try {
      const generations = await db.execute("SELECT id, status FROM generations");
      expect(generations.rows.length).toBeGreaterThan(1);
      for (const row of generations.rows) {
        expect(GENERATION_STATUSES).toContain(row.status);
        expect(["queued", "running"], `generation ${String(row.id)} never finished`).not.toContain(row.status);
      }
      const images = await db.execute("SELECT id, blob_key, bytes, sha256 FROM images WHERE deleted_at IS NULL");
      for (const row of images.rows) {
        const key = String(row.blob_key);
        const onDisk = await readFile(join(dataDir, "blobs", key.slice(0, 2), key));
        expect(onDisk.length, `image ${String(row.id)}`).toBe(Number(row.bytes));
        expect(sha256(onDisk)).toBe(String(row.sha256));
      }
    } finally {
      db.close();
    }

    for (const upload of alice.uploads) {
      const bytes = await store.images.read(ALICE, upload.id);
      expect(bytes && sha256(bytes), `Alice's upload ${upload.id}`).toBe(upload.sha256);
    }
    expect((await store.generations.get(ALICE, alice.generationIds[0]!))?.status).toBe("succeeded");

    for (const cookie of [ALICE, BOB]) {
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: ActionResult<{ nextCursor: string | null }> = await as(cookie, () => listGallery(queryOf({ cursor: cursor ?? undefined, limit: 7 })));
        if (!page.ok) throw new Error(`The gallery could not be listed: ${page.error.message}`);
        cursor = page.value.nextCursor;
        pages += 1;
      } while (cursor && pages < 1_000);
      expect(cursor).toBeNull();
    }
  });
});
