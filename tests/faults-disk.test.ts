import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, open, rm, stat, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { toStudioError } from "@/lib/server/errors";
import { TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import type { SeedreamRequest } from "@/lib/shared/seedream/schema";
import { openStore, type Store } from "@/lib/server/store";
import { filesUnder } from "./support/store-fixtures";
import { renderOffline, sha256, useJobsHarness, waitForStatus, type JobsHarness } from "./support/jobs-harness";

/**
 * Issue 6, item 7, the disk's side: a store that cannot write fails the job (or the start) with
 * the studio's disk sentence, leaves no partial file behind, and loses nothing it already held.
 * The full disk is a real tmpfs where this machine may mount one, and an injected ENOSPC always.
 */
const A = "visitor-a-disk-00000000";
const WRITE_FAILED = "The studio could not save to its disk; nothing already stored was lost. Try again shortly.";

/** While `diskFull` is set, every temp blob file hits a full disk halfway through its bytes. */
const injected = vi.hoisted(() => ({ diskFull: false, halfWritten: [] as string[] }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const openWithFault: typeof fs.open = async (path, flags, mode) => {
    const handle = await fs.open(path, flags, mode);
    if (!injected.diskFull || !String(path).includes(".tmp-")) return handle;
    handle.writeFile = async (data) => {
      const bytes = Buffer.from(data as Buffer);
      await handle.write(bytes.subarray(0, bytes.length >> 1));
      injected.halfWritten.push(String(path));
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: "ENOSPC", errno: -28, syscall: "write" });
    };
    return handle;
  };
  return { ...fs, open: openWithFault, default: { ...fs, open: openWithFault } };
});

const harnesses = useJobsHarness();
const mounts: string[] = [];
const mountedStores: Store[] = [];
afterEach(async () => {
  injected.diskFull = false;
  injected.halfWritten = [];
  vi.restoreAllMocks();
  await harnesses.cleanup();
  await Promise.all(mountedStores.splice(0).map((store) => store.close()));
  // Lazy: libsql releases studio.db a moment after close(), and a plain umount would find it busy.
  for (const dir of mounts.splice(0)) {
    execFileSync("umount", ["-l", dir]);
    await rm(dir, { recursive: true, force: true });
  }
});

/** Root in a container may still lack CAP_SYS_ADMIN; then only the injected full disk runs. */
const canMountTmpfs = (() => {
  const probe = execFileSync("mktemp", ["-d"]).toString().trim();
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], { stdio: "ignore" });
    execFileSync("umount", [probe]);
    return true;
  } catch {
    return false;
  } finally {
    execFileSync("rmdir", [probe]);
  }
})();

function request(prompt: string, seed: number, numImages = 1): SeedreamRequest {
  return { model: TEXT_TO_IMAGE_MODEL, prompt, seed, num_images: numImages, image_size: "square" };
}

function startJob(h: JobsHarness, store: Store, { prompt, seed, num_images }: SeedreamRequest) {
  const settings = { prompt, seed, num_images, image_size: "square" } as const;
  return h.createJobs({ store }).start(A, { settings, inputImageIds: [] });
}

interface Earlier {
  ids: string[];
  bytes: Buffer[];
  keys: string[];
}

async function storeEarlier(h: JobsHarness, store: Store, numImages = 2): Promise<Earlier> {
  const { id } = await startJob(h, store, request("an earlier harbour", 7, numImages));
  await waitForStatus(store, A, id, "succeeded");
  const outputs = (await store.generations.withOutputs(A, id))!.outputs;
  // Thumbnails are made in the background; wait for them, so they are not the write that fails.
  for (const output of outputs) (await store.images.open(A, output.id, "thumbnail"))?.stream.destroy();
  const bytes = await Promise.all(outputs.map(async (output) => (await store.images.read(A, output.id))!));
  return { ids: outputs.map((output) => output.id), bytes, keys: outputs.map((output) => output.sha256) };
}

async function expectNothingLost(store: Store, earlier: Earlier): Promise<void> {
  for (const [index, id] of earlier.ids.entries()) {
    expect((await store.images.read(A, id))?.equals(earlier.bytes[index]!)).toBe(true);
  }
}

async function expectFailedWithDiskSentence(store: Store, id: string): Promise<void> {
  const failed = await waitForStatus(store, A, id, "failed");
  expect(failed).toMatchObject({ errorCode: "internal", errorMessage: WRITE_FAILED });
  expect((await store.generations.withOutputs(A, id))?.outputs).toEqual([]);
}

/** Every file under blobs/ and thumbs/: a failed write must leave exactly what was there. */
async function imageFiles(dataDir: string): Promise<string[]> {
  const blobs = await filesUnder(join(dataDir, "blobs"));
  const thumbs = await filesUnder(join(dataDir, "thumbs"));
  return [...blobs.map((file) => `blobs/${file}`), ...thumbs.map((file) => `thumbs/${file}`)];
}

/** A request whose output lands in a fan-out folder that none of `earlier` uses. */
async function requestOutside(earlier: Earlier): Promise<{ request: SeedreamRequest; key: string }> {
  for (let seed = 100; ; seed++) {
    const next = request("a lighthouse", seed);
    const key = sha256((await renderOffline(next))[0]!);
    if (!earlier.keys.some((used) => used.slice(0, 2) === key.slice(0, 2))) return { request: next, key };
  }
}

function quietErrors() {
  return vi.spyOn(console, "error").mockImplementation(() => {});
}

describe("a store write that fails", () => {
  it("fails the job with the disk sentence when a blob folder cannot be made, then recovers", async () => {
    const logged = quietErrors();
    const h = await harnesses.open();
    const earlier = await storeEarlier(h, h.store);
    const { request: next, key } = await requestOutside(earlier);
    // A file where the output's fan-out folder belongs: mkdir fails, as on a broken or read-only disk.
    const blocker = join(h.dataDir, "blobs", key.slice(0, 2));
    await writeFile(blocker, "not a folder");
    const filesBefore = await imageFiles(h.dataDir);

    const { id } = await startJob(h, h.store, next);
    await expectFailedWithDiskSentence(h.store, id);
    expect(logged).toHaveBeenCalledWith("Store write failed", expect.objectContaining({ code: "write_failed" }));
    expect(await imageFiles(h.dataDir)).toEqual(filesBefore);
    await expectNothingLost(h.store, earlier);

    await rm(blocker);
    const retried = await h.jobs.retry(A, id);
    await waitForStatus(h.store, A, retried!.id, "succeeded");
    expect((await h.store.generations.withOutputs(A, retried!.id))!.outputs[0]?.sha256).toBe(key);
    await expectNothingLost(h.store, earlier);
  });

  it("removes its temp file, and the outputs already written, when a later output cannot be moved into place", async () => {
    quietErrors();
    const h = await harnesses.open();
    const earlier = await storeEarlier(h, h.store);
    const next = request("a pair of lighthouses", 41, 2);
    const [first, second] = (await renderOffline(next)).map(sha256);
    // A folder where the second output's file belongs: its temp file is written, then rename fails.
    await mkdir(join(h.dataDir, "blobs", second!.slice(0, 2), second!), { recursive: true });
    const filesBefore = await imageFiles(h.dataDir);

    const { id } = await startJob(h, h.store, next);
    await expectFailedWithDiskSentence(h.store, id);
    // The first output reached its final name before the second failed; it belonged to nobody, so it went.
    expect(await imageFiles(h.dataDir)).toEqual(filesBefore);
    expect(filesBefore.some((file) => file.endsWith(first!))).toBe(false);
    await expectNothingLost(h.store, earlier);

    await h.restart();
    await expectNothingLost(h.store, earlier);
  });

  it("ignores a temp file a crash left behind", async () => {
    const h = await harnesses.open();
    const earlier = await storeEarlier(h, h.store);
    const leftover = join(h.dataDir, "blobs", earlier.keys[0]!.slice(0, 2), ".tmp-0123456789abcdef");
    await writeFile(leftover, earlier.bytes[0]!.subarray(0, 1000));

    await h.restart();
    await expectNothingLost(h.store, earlier);
    const { id } = await startJob(h, h.store, request("an earlier harbour", 7, 2));
    await waitForStatus(h.store, A, id, "succeeded");
    await expectNothingLost(h.store, earlier);
  });
});

describe("a full disk", () => {
  it("(injected ENOSPC halfway through an image) fails the job with the disk sentence, leaving no partial file", async () => {
    quietErrors();
    const h = await harnesses.open();
    const earlier = await storeEarlier(h, h.store);
    const filesBefore = await imageFiles(h.dataDir);

    injected.diskFull = true;
    const { id } = await startJob(h, h.store, request("a lighthouse", 101));
    await expectFailedWithDiskSentence(h.store, id);
    // Half an image did reach the disk, under a temp name, twice: written beside the output's check,
    // then by the store itself, whose failure is the job's. Both were removed.
    expect(injected.halfWritten).toHaveLength(2);
    expect(await imageFiles(h.dataDir)).toEqual(filesBefore);
    await expectNothingLost(h.store, earlier);

    injected.diskFull = false;
    const retried = await h.jobs.retry(A, id);
    await waitForStatus(h.store, A, retried!.id, "succeeded");
    await expectNothingLost(h.store, earlier);
  });

  describe.skipIf(!canMountTmpfs)("(a real 1 MB tmpfs, filled up)", () => {
    it("fails the job with the disk sentence when an image no longer fits, leaving no partial file", async () => {
      quietErrors();
      const h = await harnesses.open();
      const { dataDir, store, earlier, filler } = await fullDiskStudio(h);
      // Less room than one output (~260 kB) needs, but enough for the database to record the
      // failure: a disk that fills up while the provider works.
      await truncate(filler, (await stat(filler)).size - 96 * 1024);
      const filesBefore = await imageFiles(dataDir);

      const { id } = await startJob(h, store, request("a lighthouse", 101));
      await expectFailedWithDiskSentence(store, id);
      expect(await imageFiles(dataDir)).toEqual(filesBefore);
      await expectNothingLost(store, earlier);

      await rm(filler);
      const retried = await h.createJobs({ store }).retry(A, id);
      await waitForStatus(store, A, retried!.id, "succeeded");
      await expectNothingLost(store, earlier);
    });

    it("refuses a new job with the disk sentence when not a byte is left, and keeps every image", async () => {
      quietErrors();
      const h = await harnesses.open();
      const { store, earlier, filler } = await fullDiskStudio(h);

      const refused = await startJob(h, store, request("a lighthouse", 101)).catch((error: unknown) => error);
      expect(toStudioError(refused)).toMatchObject({ message: WRITE_FAILED, retryable: true });
      await expectNothingLost(store, earlier);

      await rm(filler);
      const { id } = await startJob(h, store, request("a lighthouse", 101));
      await waitForStatus(store, A, id, "succeeded");
      await expectNothingLost(store, earlier);
    });
  });
});

/** A studio whose whole data dir is a 1 MB tmpfs holding one earlier image, then filled to the last byte. */
async function fullDiskStudio(h: JobsHarness) {
  const dataDir = await mkdtemp(join(tmpdir(), "studio-full-disk-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dataDir]);
  mounts.push(dataDir);
  const store = await openStore({ dataDir });
  mountedStores.push(store);
  const earlier = await storeEarlier(h, store, 1);
  const filler = join(dataDir, "filler");
  await fillUp(filler);
  return { dataDir, store, earlier, filler };
}

async function fillUp(file: string): Promise<void> {
  const handle = await open(file, "w");
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) await handle.write(block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    await handle.close();
  }
}
