import { execFile as execFileCallback } from "node:child_process";
import { cp } from "node:fs/promises";
import { promisify } from "node:util";
import { afterEach, describe, expect, inject, it } from "vitest";
import { openStore, type GalleryPage, type Store } from "@/lib/server/store";
import { expectedOfFixture, FIXTURE, readAsRecorded } from "./support/recorded-fixture";
import { S3_TEST_CREDENTIALS } from "./support/engines/s3-server";
import { png, SETTINGS, streamToBuffer, useTempStore } from "./support/store-fixtures";
import { freshBucket, freshDatabaseUrl } from "./support/store-kinds";

const execFile = promisify(execFileCallback);
const NEW_VISITOR = "visitor-made-today";
const embedded = useTempStore("sqlite+disk");
const opened: Store[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await embedded.cleanup();
});

/** `npm run store:copy`, as an operator runs it, in its own process. */
function storeCopy(args: string[]) {
  return execFile(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/store-copy.ts", ...args], {
    cwd: process.cwd(),
    timeout: 120_000,
    env: {
      ...process.env,
      S3_ENDPOINT: inject("s3Endpoint"),
      S3_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
    },
  });
}

function galleryIds(page: GalleryPage): string[] {
  return page.items.flatMap((item) =>
    item.kind === "upload" ? [item.image.id] : [item.generation.id, ...item.outputs.map((output) => output.id)],
  );
}

/** Boards (one auto-adding), stars, and share links (one revoked) on the visitor made today. */
async function organise(store: Store, uploadId: string) {
  const output = (await store.gallery.list(NEW_VISITOR)).items.flatMap((item) => (item.kind === "upload" ? [] : item.outputs))[0]!;
  const mood = await store.boards.create(NEW_VISITOR, "Mood");
  const picks = await store.boards.create(NEW_VISITOR, "Picks");
  await store.boards.addImages(NEW_VISITOR, mood.id, [uploadId, output.id]);
  await store.boards.addImages(NEW_VISITOR, picks.id, [output.id]);
  await store.boards.setAutoAdd(NEW_VISITOR, picks.id);
  await store.favourites.set(NEW_VISITOR, uploadId, true);
  await store.favourites.set(NEW_VISITOR, output.id, true);
  const boardLink = await store.shares.create(NEW_VISITOR, { kind: "board", boardId: mood.id });
  const lineageLink = await store.shares.create(NEW_VISITOR, { kind: "lineage", imageId: output.id });
  const revoked = await store.shares.create(NEW_VISITOR, { kind: "image", imageId: uploadId });
  await store.shares.revoke(NEW_VISITOR, revoked.id);
  return {
    boards: await store.boards.list(NEW_VISITOR),
    moodContents: await store.boards.contents(NEW_VISITOR, mood.id, 100),
    stars: [...(await store.favourites.among(NEW_VISITOR, [uploadId, output.id]))].sort(),
    links: [boardLink, lineageLink],
    revokedToken: revoked.token,
    filtered: galleryIds(await store.gallery.list(NEW_VISITOR, { filter: { boardId: picks.id, favourites: true } })),
  };
}

/** The copy keeps boards, stars and live links: each token still opens the same content. */
async function expectOrganisedAsBefore(store: Store, before: Awaited<ReturnType<typeof organise>>) {
  expect(await store.boards.list(NEW_VISITOR)).toEqual(before.boards);
  expect(before.boards.find((board) => board.name === "Picks")?.autoAdd).toBe(true);
  expect(await store.boards.contents(NEW_VISITOR, before.moodContents!.board.id, 100)).toEqual(before.moodContents);
  expect(before.moodContents!.images).toHaveLength(2);
  const uploadAndOutput = before.moodContents!.images.map((image) => image.id);
  expect([...(await store.favourites.among(NEW_VISITOR, uploadAndOutput))].sort()).toEqual(before.stars);
  expect(before.stars).toHaveLength(2);
  for (const link of before.links) expect(await store.shares.open(link.token)).toEqual(link);
  expect(await store.shares.list(NEW_VISITOR)).toEqual([...before.links].reverse());
  expect(await store.shares.open(before.revokedToken)).toBeNull();
  const picks = before.boards.find((board) => board.name === "Picks")!;
  expect(galleryIds(await store.gallery.list(NEW_VISITOR, { filter: { boardId: picks.id, favourites: true } }))).toEqual(before.filtered);
  expect(before.filtered).toHaveLength(2);
}

describe("store:copy", () => {
  it("moves a stopped embedded deployment into PostgreSQL and S3, verified, and can run again", async () => {
    // Data from an earlier main, and more made today on top of it.
    const dataDir = await embedded.dataDir();
    await cp(FIXTURE, dataDir, { recursive: true });
    const before = await embedded.open(dataDir);
    const upload = await before.images.save({ visitorId: NEW_VISITOR, origin: "upload", ...(await png(48, 32, 3)) });
    const edit = await before.generations.create({
      visitorId: NEW_VISITOR,
      model: "bytedance/seedream-v4-edit",
      prompt: "warmer",
      parameters: SETTINGS,
      inputImageIds: [upload.id],
    });
    await before.runs.markRunning(edit.id);
    await before.runs.complete(edit.id, { outputs: [await png(32, 32, 4)], seed: 9, creditsUsed: 0.03 });
    const galleryBefore = galleryIds(await before.gallery.list(NEW_VISITOR));
    const organised = await organise(before, upload.id);
    await embedded.close(before);

    const [databaseUrl, s3] = await Promise.all([freshDatabaseUrl(), freshBucket()]);
    const args = ["--from-data-dir", dataDir, "--to-database", databaseUrl, "--to-bucket", s3.bucket];
    const first = await storeCopy(args);
    expect(first.stdout).toMatch(
      /Copied and verified 2 visitors, 6 generations, \d+ images, 2 boards holding 3 images, 2 favourites, 3 share links and \d+ blobs/,
    );
    // Safe to run again: nothing is added twice, and everything is checked again.
    expect((await storeCopy(args)).stdout).toBe(first.stdout);

    const shared = await openStore({ dataDir: await embedded.dataDir(), databaseUrl, s3 });
    opened.push(shared);
    const expected = await expectedOfFixture();
    const { visitorId, focus, ...recorded } = expected;
    expect(await readAsRecorded(shared, expected)).toEqual(recorded);
    expect(galleryIds(await shared.gallery.list(NEW_VISITOR))).toEqual(galleryBefore);
    await expectOrganisedAsBefore(shared, organised);
    const source = await embedded.open(dataDir);
    for (const id of [...galleryBefore, focus]) {
      const image = await source.images.get(id === focus ? visitorId : NEW_VISITOR, id);
      if (!image) continue;
      const copied = await shared.images.open(image.visitorId, id, "original");
      expect((await streamToBuffer(copied!.stream)).equals((await source.images.read(image.visitorId, id))!)).toBe(true);
      expect(await shared.images.open(image.visitorId, id, "thumbnail")).not.toBeNull();
    }
  }, 120_000);

  it("refuses with a sentence when told nowhere to copy to", async () => {
    await expect(storeCopy(["--from-data-dir", "/nowhere"])).rejects.toMatchObject({
      stderr: expect.stringContaining("Pass --from-data-dir DIR and --to-database postgres://"),
    });
  });
});
