import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "@/lib/server/store";
import { BOARD_LIMITS, SHARE_TOKEN_PATTERN } from "@/lib/shared/boards";
import { png, SETTINGS, useTempStore } from "./support/store-fixtures";
import { storeKinds } from "./support/store-kinds";

const A = "visitor-a";
const B = "visitor-b";
const TEXT = "bytedance/seedream-v4-text-to-image";

async function upload(store: Store, visitorId: string, shade: number, fileName?: string) {
  return store.images.save({ visitorId, origin: "upload", fileName, ...(await png(32, 32, shade)) });
}

async function finishedJob(store: Store, visitorId: string, prompt: string, shade: number) {
  const job = await store.generations.create({ visitorId, model: TEXT, prompt, parameters: SETTINGS, inputImageIds: [] });
  await store.runs.markRunning(job.id);
  await store.runs.complete(job.id, { outputs: [await png(48, 48, shade)] });
  const found = await store.generations.withOutputs(visitorId, job.id);
  return { job, output: found!.outputs[0]! };
}

describe.each(storeKinds)("boards, favourites and share links on %s", (kind) => {
  const stores = useTempStore(kind);
  afterEach(() => stores.cleanup());

  it("boards are created, renamed, listed with counts and deleted, and the images stay", async () => {
    const store = await stores.open(await stores.dataDir());
    const photo = await upload(store, A, 1);
    const { output } = await finishedJob(store, A, "a red fox", 2);
    const board = await store.boards.create(A, "Moodboard");
    expect(await store.boards.addImages(A, board.id, [photo.id, output.id, photo.id])).toBe(true);
    // Adding again changes nothing.
    await store.boards.addImages(A, board.id, [photo.id]);
    expect((await store.boards.list(A)).map((entry) => [entry.name, entry.imageCount])).toEqual([["Moodboard", 2]]);

    await expect(store.boards.create(A, "Moodboard")).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("Moodboard") });
    expect((await store.boards.rename(A, board.id, "Foxes"))?.name).toBe("Foxes");
    expect(await store.boards.rename(B, board.id, "Mine now")).toBeNull();

    const contents = await store.boards.contents(A, board.id, 10);
    expect(contents?.images.map((image) => image.id).sort()).toEqual([photo.id, output.id].sort());
    expect(contents?.generations.map((generation) => generation.prompt)).toEqual(["a red fox"]);

    expect(await store.boards.holds(A, board.id, photo.id)).toBe(true);
    expect(await store.boards.holds(B, board.id, photo.id)).toBe(false);
    expect(await store.boards.removeImages(A, board.id, [photo.id])).toBe(true);
    expect(await store.boards.holds(A, board.id, photo.id)).toBe(false);
    expect((await store.boards.ofImages(A, [photo.id, output.id])).get(output.id)).toEqual([board.id]);
    expect(await store.boards.delete(B, board.id)).toBe(false);
    expect(await store.boards.delete(A, board.id)).toBe(true);
    expect(await store.boards.list(A)).toEqual([]);
    expect(await store.images.get(A, output.id)).not.toBeNull();
  });

  it("another visitor's images and boards are refused like missing ones, and the count of boards is bounded", async () => {
    const store = await stores.open(await stores.dataDir());
    const theirs = await upload(store, B, 3);
    const board = await store.boards.create(A, "Mine");
    await expect(store.boards.addImages(A, board.id, [theirs.id])).rejects.toMatchObject({ code: "not_found" });
    expect(await store.boards.addImages(B, board.id, [theirs.id])).toBe(false);
    expect(await store.favourites.set(A, theirs.id, true)).toBe(false);
    await expect(store.shares.create(A, { kind: "image", imageId: theirs.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(store.shares.create(B, { kind: "board", boardId: board.id })).rejects.toMatchObject({ code: "not_found" });

    for (let index = 1; index < BOARD_LIMITS.boardsPerVisitor; index += 1) await store.boards.create(A, `Board ${index}`);
    await expect(store.boards.create(A, "One too many")).rejects.toMatchObject({ code: "invalid_input", message: expect.stringMatching(/delete one/) });
  });

  it("new results land on the auto-add board, one board at a time", async () => {
    const store = await stores.open(await stores.dataDir());
    const first = await store.boards.create(A, "First");
    const second = await store.boards.create(A, "Second");
    expect(await store.boards.setAutoAdd(A, first.id)).toBe(true);
    expect(await store.boards.setAutoAdd(A, second.id)).toBe(true);
    const { output } = await finishedJob(store, A, "caught", 4);
    expect((await store.boards.ofImages(A, [output.id])).get(output.id)).toEqual([second.id]);
    expect((await store.boards.list(A)).map((entry) => [entry.name, entry.autoAdd])).toEqual([["First", false], ["Second", true]]);

    await store.boards.setAutoAdd(A, null);
    const { output: later } = await finishedJob(store, A, "not caught", 5);
    expect((await store.boards.ofImages(A, [later.id])).size).toBe(0);
    // Another visitor's results never land on A's board.
    await store.boards.setAutoAdd(A, second.id);
    const { output: theirs } = await finishedJob(store, B, "theirs", 6);
    expect((await store.boards.ofImages(B, [theirs.id])).size).toBe(0);
  });

  it("favourites, board, words, model and dates filter the gallery; pages say what is starred and where", async () => {
    const store = await stores.open(await stores.dataDir());
    const fox = await finishedJob(store, A, "A Red Fox in snow", 7);
    const owl = await finishedJob(store, A, "an owl at night", 8);
    const photo = await upload(store, A, 9, "fox-photo.jpg");
    const board = await store.boards.create(A, "Night");
    await store.boards.addImages(A, board.id, [owl.output.id, photo.id]);
    await store.favourites.set(A, fox.output.id, true);
    await store.favourites.set(A, photo.id, true);

    const ids = async (filter: Parameters<Store["gallery"]["list"]>[1]) =>
      (await store.gallery.list(A, filter)).items.map((item) => (item.kind === "generation" ? item.generation.id : item.image.id));
    expect(await ids({ filter: { favourites: true } })).toEqual([photo.id, fox.job.id]);
    expect(await ids({ filter: { boardId: board.id } })).toEqual([photo.id, owl.job.id]);
    expect(await ids({ filter: { words: ["red", "FOX"] } })).toEqual([fox.job.id]);
    expect(await ids({ filter: { words: ["fox"] } })).toEqual([photo.id, fox.job.id]);
    expect(await ids({ filter: { models: [TEXT] } })).toEqual([owl.job.id, fox.job.id]);
    expect(await ids({ filter: { models: ["bytedance/seedream-4-5"] } })).toEqual([]);
    expect(await ids({ filter: { since: owl.job.createdAt, before: photo.createdAt } })).toEqual([owl.job.id]);
    expect(await ids({ filter: { since: photo.createdAt + 1 } })).toEqual([]);

    const page = await store.gallery.list(A);
    expect(page.organised?.favourites.sort()).toEqual([fox.output.id, photo.id].sort());
    expect(page.organised?.boards).toEqual({ [owl.output.id]: [board.id], [photo.id]: [board.id] });

    await store.favourites.set(A, fox.output.id, false);
    expect(await ids({ filter: { favourites: true } })).toEqual([photo.id]);
    // A deleted image leaves the favourites view.
    await store.images.delete(A, photo.id);
    expect(await ids({ filter: { favourites: true } })).toEqual([]);
    expect((await store.boards.list(A))[0]?.imageCount).toBe(1);
  });

  it("a board filter shows only the card's outputs that are on the board", async () => {
    const store = await stores.open(await stores.dataDir());
    const job = await store.generations.create({ visitorId: A, model: TEXT, prompt: "pair", parameters: { ...SETTINGS, num_images: 2 }, inputImageIds: [] });
    await store.runs.markRunning(job.id);
    await store.runs.complete(job.id, { outputs: [await png(40, 40, 10), await png(40, 40, 11)] });
    const outputs = (await store.generations.withOutputs(A, job.id))!.outputs;
    const board = await store.boards.create(A, "Second only");
    await store.boards.addImages(A, board.id, [outputs[1]!.id]);
    const [item] = (await store.gallery.list(A, { filter: { boardId: board.id } })).items;
    expect(item?.kind === "generation" && item.outputs.map((image) => image.id)).toEqual([outputs[1]!.id]);
  });

  it("share links have unguessable tokens, open while live, are listed, and revoked at once", async () => {
    const store = await stores.open(await stores.dataDir());
    const { output } = await finishedJob(store, A, "shared", 12);
    const board = await store.boards.create(A, "Shared board");
    const imageLink = await store.shares.create(A, { kind: "image", imageId: output.id });
    const boardLink = await store.shares.create(A, { kind: "board", boardId: board.id });
    expect(imageLink.token).toMatch(SHARE_TOKEN_PATTERN);
    expect(Buffer.from(imageLink.token, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    expect(imageLink.token).not.toBe(boardLink.token);

    expect((await store.shares.open(imageLink.token))?.imageId).toBe(output.id);
    expect(await store.shares.open(imageLink.token.replace(/.$/, (last) => (last === "A" ? "B" : "A")))).toBeNull();
    expect((await store.shares.list(A)).map((link) => link.id)).toEqual([boardLink.id, imageLink.id]);
    expect(await store.shares.list(B)).toEqual([]);
    expect((await store.shares.ofBoards([board.id])).map((link) => link.id)).toEqual([boardLink.id]);

    expect(await store.shares.revoke(B, imageLink.id)).toBeNull();
    expect((await store.shares.revoke(A, imageLink.id))?.revokedAt).toEqual(expect.any(Number));
    expect(await store.shares.revoke(A, imageLink.id)).toBeNull();
    expect(await store.shares.open(imageLink.token)).toBeNull();

    // Deleting the board takes its links with it.
    await store.boards.delete(A, board.id);
    expect(await store.shares.open(boardLink.token)).toBeNull();
    expect(await store.shares.list(A)).toEqual([]);
  });

  it("retention removes a visitor's boards, favourites and links with everything else", async () => {
    const store = await stores.open(await stores.dataDir());
    const photo = await upload(store, A, 13);
    const board = await store.boards.create(A, "Gone soon");
    await store.boards.addImages(A, board.id, [photo.id]);
    await store.favourites.set(A, photo.id, true);
    const link = await store.shares.create(A, { kind: "board", boardId: board.id });
    expect(await store.disk.pruneVisitorsNotSeenSince(Date.now() + 1_000)).toBe(1);
    expect(await store.shares.open(link.token)).toBeNull();
    expect(await store.boards.list(A)).toEqual([]);
  });
});
