import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/shared/errors";
import { VISITOR_COOKIE } from "@/lib/server/visitor-id";
import { anyArgument, hostileText } from "./support/hostile-values";
import { png } from "./support/store-fixtures";

/**
 * Property-based fuzzing of the board, favourite and share-link actions, run as the app runs them
 * (the real actions module, a real store in a temp dir; only Next's cookie jar stood in for):
 * whatever arrives, each answers a typed result, never "internal", and one visitor's ids are
 * another's missing ones.
 */
const request = vi.hoisted(() => ({ visitorCookie: "" }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (name === VISITOR_COOKIE ? { name, value: request.visitorCookie } : undefined),
    set: () => undefined,
  }),
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.9" }),
}));

const ALICE = "AliceAliceAliceAlice02";
const BOB = "BobBobBobBobBobBobBob2";
const RUNS = { seed: 20_261_207, numRuns: 120 } as const;
type Actions = typeof import("@/app/actions");
let actions: Actions;
let dataDir: string;
const alice = { imageId: "", boardId: "", linkId: "" };

function as<T>(visitorCookie: string, call: () => Promise<T>): Promise<T> {
  request.visitorCookie = visitorCookie;
  return call();
}

function expectTyped(result: ActionResult<unknown>): void {
  expect(result).toBeTypeOf("object");
  if (result.ok) return;
  expect(result.error.code).not.toBe("internal");
  expect(result.error.message).toMatch(/\S/);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "studio-fuzz-boards-"));
  Object.assign(process.env, { STUDIO_DATA_DIR: dataDir, STUDIO_ENGINE: "local", STUDIO_LOCAL_DELAY_MS: "0" });
  actions = await import("@/app/actions");
  const { studio } = await import("@/lib/server/studio");
  const { store } = await studio();
  alice.imageId = (await store.images.save({ visitorId: ALICE, origin: "upload", ...(await png(32, 32, 3)) })).id;
  const board = await as(ALICE, () => actions.createBoard({ name: "Alice's board" }));
  if (!board.ok) throw new Error(board.error.message);
  alice.boardId = board.value.id;
  const link = await as(ALICE, () => actions.createShareLink({ kind: "board", boardId: alice.boardId }));
  if (!link.ok) throw new Error(link.error.message);
  alice.linkId = link.value.id;
});

afterAll(async () => {
  const { studio } = await import("@/lib/server/studio");
  await (await studio()).store.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("board, favourite and share actions under fuzzing", () => {
  const aliceId = () => fc.constantFrom(alice.imageId, alice.boardId, alice.linkId);
  const id = () => fc.oneof(aliceId(), fc.uuid(), hostileText);
  const name = fc.oneof(hostileText, fc.string({ maxLength: 80 }));
  const names = ["createBoard", "renameBoard", "deleteBoard", "setAutoAddBoard", "addToBoard", "removeFromBoard", "setFavourite", "createShareLink", "revokeShareLink"] as const;
  const argument = fc.oneof(
    anyArgument,
    id(),
    fc.record({ name }),
    fc.record({ boardId: id(), name }),
    fc.record({ boardId: fc.oneof(id(), fc.constant(null)) }),
    fc.record({ boardId: id(), imageIds: fc.array(id(), { maxLength: 120 }) }),
    fc.record({ imageId: id(), favourite: fc.oneof(fc.boolean(), anyArgument) }),
    fc.record({ kind: fc.constantFrom("image", "lineage", "board", "other"), imageId: id(), boardId: id() }, { requiredKeys: ["kind"] }),
  );

  it("answer anything with a typed result, and never let Bob reach Alice's board, image or link", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.constantFrom(ALICE, BOB, "not a visitor"), argument, async (action, cookie, input) => {
        // Alice's own board and link stay: her deletes and revokes would be real.
        if (cookie === ALICE) fc.pre(action !== "deleteBoard" && action !== "revokeShareLink");
        const call = actions[action] as (input: unknown) => Promise<ActionResult<unknown>>;
        const result = await as(cookie, () => call(input));
        expectTyped(result);
        const text = fc.stringify(input);
        const namesAlice = [alice.boardId, alice.imageId, alice.linkId].some((id) => text.includes(id));
        if (cookie !== ALICE && namesAlice && action !== "createBoard") expect(result.ok).toBe(false);
      }),
      RUNS,
    );
    const { studio } = await import("@/lib/server/studio");
    const { store } = await studio();
    expect((await store.boards.list(ALICE)).map((board) => board.id)).toContain(alice.boardId);
    expect((await store.shares.list(ALICE)).map((link) => link.id)).toContain(alice.linkId);
  });
});
