import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { API_ROUTES, galleryPath, generationsPath } from "@/lib/shared/api-routes";
import type { ActionResult, StudioError } from "@/lib/shared/errors";
import type { GalleryItemView, GalleryPageView, GenerationView, ImageView } from "@/lib/shared/gallery/view";

/**
 * The studio's server actions called as a hostile client would: a POST to the page with the action's
 * id in `next-action` and a body written by hand; and its GET reads and upload route, with URLs and
 * forms written by hand. Lets the bad-input specs send what no form sends.
 */
const ACTION_NAMES = [
  "startGeneration",
  "cancelGeneration",
  "retryGeneration",
  "deleteImage",
  "replayChain",
  "tryOnModel",
  "createBoard",
  "renameBoard",
  "deleteBoard",
  "setAutoAddBoard",
  "addToBoard",
  "removeFromBoard",
  "setFavourite",
  "createShareLink",
  "revokeShareLink",
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** The build that `next start` serves: the same NEXT_DIST_DIR the harness built into. */
const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next";

/**
 * Action ids change with every build; Next's own manifest names each one. The specs check one id
 * against a call the page really makes, so a stale manifest cannot pass unnoticed.
 */
export function actionIds(): Record<ActionName, string> {
  const manifest = JSON.parse(readFileSync(join(DIST_DIR, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const ids: Partial<Record<string, string>> = {};
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.filename === "app/actions.ts") ids[entry.exportedName] = id;
  }
  for (const name of ACTION_NAMES) expect(ids[name], `no id for ${name} in ${DIST_DIR}`).toMatch(/^[0-9a-f]{40,}$/);
  return ids as Record<ActionName, string>;
}

/** The id of the first server action call during `during` that carries `marker` in its body. */
export async function nextActionIdFromPage(page: Page, marker: string, during: () => Promise<unknown>): Promise<string> {
  const request = page.waitForRequest(
    (candidate) => candidate.method() === "POST" && !!candidate.headers()["next-action"] && !!candidate.postDataBuffer()?.includes(marker),
  );
  await during();
  return (await request).headers()["next-action"]!;
}

export interface RawAnswer {
  status: number;
  body: Buffer;
  text: string;
  headers: Record<string, string>;
}

/** Posts `body` as-is to the action: JSON text of the argument list, or anything else on purpose. */
export async function postAction(request: APIRequestContext, actionId: string, body: string | Buffer): Promise<RawAnswer> {
  const response = await request.post("/", {
    headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: body,
    maxRedirects: 0,
  });
  return answerOf(response);
}

export interface UploadedFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** The images as the page sends them: a multipart form with each file under `files`. */
export async function postUpload(request: APIRequestContext, files: UploadedFile[]): Promise<RawAnswer> {
  const form = new FormData();
  for (const file of files) form.append("files", new Blob([new Uint8Array(file.buffer)], { type: file.mimeType }), file.name);
  const response = await request.post(API_ROUTES.uploads, { multipart: form, maxRedirects: 0, timeout: 120_000 });
  return answerOf(response);
}

/** A GET read, with the path and query exactly as given. */
export async function getRead(request: APIRequestContext, path: string): Promise<RawAnswer> {
  return answerOf(await request.get(path, { maxRedirects: 0 }));
}

async function answerOf(response: APIResponse): Promise<RawAnswer> {
  const body = await response.body();
  return { status: response.status(), body, text: body.toString("utf8"), headers: response.headers() };
}

/**
 * The rows of an RSC answer: `<hex id>:<json>\n`, or `<hex id>:T<hex byte length>,<text>` for a
 * long string (which may hold line breaks, so it is cut by length, not by line).
 */
function rscRows(body: Buffer): Map<string, unknown> {
  const rows = new Map<string, unknown>();
  let at = 0;
  while (at < body.length) {
    const colon = body.indexOf(":", at);
    if (colon < 0) break;
    const id = body.subarray(at, colon).toString("latin1");
    if (body[colon + 1] === 0x54 /* T */) {
      const comma = body.indexOf(",", colon);
      const length = parseInt(body.subarray(colon + 2, comma).toString("latin1"), 16);
      rows.set(id, body.subarray(comma + 1, comma + 1 + length).toString("utf8"));
      at = comma + 1 + length;
      continue;
    }
    const end = body.indexOf("\n", colon) < 0 ? body.length : body.indexOf("\n", colon);
    try {
      rows.set(id, JSON.parse(body.subarray(colon + 1, end).toString("utf8")));
    } catch {
      // Rows of other kinds (hints, errors) are not JSON; the result never lives in one.
    }
    at = end + 1;
  }
  return rows;
}

/** The HTTP status a route gives each kind of answer. */
const ROUTE_STATUS: Record<string, number> = { invalid_input: 400, upload_rejected: 400, not_found: 404, quota_exceeded: 429 };

/**
 * The ActionResult of an answer: a route's JSON body (with the status that matches it), or the one
 * inside an action's RSC answer. Row 0 points at the action's return value (`"a":"$@1"`); `$<id>`
 * points at another row, and strings that start with `$` are escaped as `$$`.
 */
export function actionResult<T = unknown>(answer: RawAnswer): ActionResult<T> {
  if ((answer.headers["content-type"] ?? "").startsWith("application/json")) {
    const result = JSON.parse(answer.text) as ActionResult<T>;
    const status = result.ok ? 200 : (ROUTE_STATUS[result.error.code] ?? 500);
    expect(answer.status, `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`).toBe(status);
    return result;
  }
  expect(answer.status, `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`).toBe(200);
  const rows = rscRows(answer.body);
  const root = rows.get("0") as { a?: unknown } | undefined;
  const resolve = (value: unknown, depth = 0): unknown => {
    if (depth > 20) return value;
    if (typeof value === "string") {
      const reference = /^\$@?([0-9a-f]+)$/.exec(value);
      if (reference) return resolve(rows.get(reference[1]!), depth + 1);
      return value.startsWith("$$") ? value.slice(1) : value;
    }
    if (Array.isArray(value)) return value.map((entry) => resolve(entry, depth + 1));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolve(entry, depth + 1)]));
    }
    return value;
  };
  const result = resolve(root?.a) as ActionResult<T> | undefined;
  expect(result && typeof result === "object" && "ok" in result, `no ActionResult in: ${answer.text.slice(0, 300)}`).toBe(true);
  return result!;
}

/** The error a refused call returned; fails if it was accepted. */
export function refusal(answer: RawAnswer): StudioError {
  const result = actionResult(answer);
  expect(result.ok, `accepted: ${answer.text.slice(0, 300)}`).toBe(false);
  return (result as { ok: false; error: StudioError }).error;
}

export function accepted<T>(answer: RawAnswer): T {
  const result = actionResult<T>(answer);
  if (!result.ok) throw new Error(`Refused: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Calls one action with a JSON argument list and returns its parsed result. */
export class StudioActions {
  constructor(
    readonly request: APIRequestContext,
    readonly ids: Record<ActionName, string>,
  ) {}

  raw(name: ActionName, body: string | Buffer): Promise<RawAnswer> {
    return postAction(this.request, this.ids[name], body);
  }

  call(name: ActionName, ...args: unknown[]): Promise<RawAnswer> {
    return this.raw(name, JSON.stringify(args));
  }

  upload(files: UploadedFile[]): Promise<RawAnswer> {
    return postUpload(this.request, files);
  }

  /** A GET read: `/api/gallery?…`, `/api/generations?ids=…`, `/api/images/<id>/lineage`, `/api/ledger`. */
  read(path: string): Promise<RawAnswer> {
    return getRead(this.request, path);
  }

  /** Every item of this visitor's gallery, all pages. */
  async gallery(): Promise<GalleryItemView[]> {
    const items: GalleryItemView[] = [];
    let cursor: string | null = null;
    do {
      const page: GalleryPageView = accepted(await this.read(galleryPath({ cursor, limit: 100 })));
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  async generations(ids: string[]): Promise<GenerationView[]> {
    const found: GenerationView[] = [];
    for (let start = 0; start < ids.length; start += 100) {
      found.push(...accepted<GenerationView[]>(await this.read(generationsPath(ids.slice(start, start + 100)))));
    }
    return found;
  }

  /** Polls until every one of `ids` has finished; returns them as last seen. */
  async settled(ids: string[], timeoutMs = 60_000): Promise<GenerationView[]> {
    let latest: GenerationView[] = [];
    await expect
      .poll(
        async () => {
          latest = await this.generations(ids);
          return latest.filter((generation) => generation.status === "queued" || generation.status === "running").length;
        },
        { timeout: timeoutMs, intervals: [250, 500, 1_000] },
      )
      .toBe(0);
    return latest;
  }
}

export function imagesOf(items: GalleryItemView[]): ImageView[] {
  return items.flatMap((item) => (item.kind === "upload" ? [item.image] : item.generation.outputs));
}
