import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sweepTempFiles, TEMP_FILE_MAX_AGE_MS } from "@/lib/server/store/blobs/sweep";
import { openStore } from "@/lib/server/store";
import { solidPng } from "./support/build-test-images";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "studio-sweep-"));
});
afterEach(async () => rm(dataDir, { recursive: true, force: true }));

async function leftover(area: "blobs" | "thumbs", fanOut: string, name: string, ageMs: number): Promise<string> {
  const dir = join(dataDir, area, fanOut);
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  await writeFile(file, "half a picture");
  const when = new Date(Date.now() - ageMs);
  await utimes(file, when, when);
  return file;
}

describe("sweeping temp files left by a crash", () => {
  it("removes old temp files in blobs and thumbs, and keeps fresh ones, stored images and other names", async () => {
    const store = await openStore({ dataDir });
    await store.visitors.ensure("v-1");
    const bytes = await solidPng(32, 32);
    const saved = await store.images.save({ visitorId: "v-1", origin: "upload", bytes, mime: "image/png", width: 32, height: 32 });
    await store.close();
    const old = TEMP_FILE_MAX_AGE_MS + 60_000;
    await leftover("blobs", "ab", ".tmp-0123456789abcdef", old);
    await leftover("thumbs", "cd", ".tmp-fedcba9876543210", old);
    await leftover("blobs", "ab", ".tmp-1111111111111111", 1_000);
    await leftover("blobs", "ab", "notes.txt", old);

    expect(await sweepTempFiles(dataDir)).toBe(2);
    expect((await readdir(join(dataDir, "blobs", "ab"))).sort()).toEqual([".tmp-1111111111111111", "notes.txt"]);
    expect(await readdir(join(dataDir, "thumbs", "cd"))).toEqual([]);

    const reopened = await openStore({ dataDir });
    expect((await reopened.images.read("v-1", saved.id))?.length).toBe(saved.bytes);
    await reopened.close();
    expect(await sweepTempFiles(dataDir)).toBe(0);
  });

  it("is quiet on a data dir that has no images yet", async () => {
    expect(await sweepTempFiles(join(dataDir, "never-made"))).toBe(0);
  });
});
