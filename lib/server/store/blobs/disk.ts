import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { Readable } from "node:stream";
import { join } from "node:path";
import { StoreError } from "../errors";
import { BLOB_KEY, type BlobReader, type BlobStore, type BlobVariant } from "./blob-store";

/**
 * Image bytes on disk, named by their SHA-256 so equal bytes are kept once:
 *   <dataDir>/blobs/ab/ab12…ef         the original, exactly as stored
 *   <dataDir>/thumbs/ab/ab12…ef.webp   its thumbnail, derived from it
 * The first two hex digits fan files out over 256 folders, so no folder grows huge.
 */
export function openDiskBlobs(dataDir: string): BlobStore {
  const pathOf = (variant: BlobVariant, key: string) => {
    // A key reaches a path: anything but a SHA-256 in hex could climb out of the data dir.
    if (!BLOB_KEY.test(key)) throw new StoreError("invalid_input", `Not a blob key: ${JSON.stringify(key)}.`);
    const fanOut = key.slice(0, 2);
    return variant === "original"
      ? { dir: join(dataDir, "blobs", fanOut), file: join(dataDir, "blobs", fanOut, key) }
      : { dir: join(dataDir, "thumbs", fanOut), file: join(dataDir, "thumbs", fanOut, `${key}.webp`) };
  };

  return {
    async put(variant, key, bytes) {
      const { dir, file } = pathOf(variant, key);
      const existing = await stat(file).catch(() => null);
      if (existing?.size === bytes.length) return;
      await writeAtomically(dir, file, bytes);
    },

    async has(variant, key) {
      return (await stat(pathOf(variant, key).file).catch(() => null)) !== null;
    },

    async open(variant, key) {
      const handle = await open(pathOf(variant, key).file, "r").catch(nullIfMissing);
      if (!handle) return null;
      try {
        // Size and stream come from the same open file: a delete after this point cannot cut it short.
        const { size } = await handle.stat();
        return { stream: handle.createReadStream(), size };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async read(variant, key) {
      return readFile(pathOf(variant, key).file).catch(nullIfMissing);
    },

    async reader(variant, key) {
      const handle = await open(pathOf(variant, key).file, "r").catch(nullIfMissing);
      if (!handle) return null;
      try {
        const { size } = await handle.stat();
        return fileReader(handle, size);
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async remove(key) {
      await rm(pathOf("original", key).file, { force: true });
      await rm(pathOf("thumbnail", key).file, { force: true });
    },
  };
}

/** Every read goes through the one open file: a delete meanwhile cannot cut a download short. */
function fileReader(handle: FileHandle, size: number): BlobReader {
  return {
    size,
    async read(start, end) {
      const length = Math.max(0, Math.min(end, size) - start);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = length > 0 ? await handle.read(buffer, 0, length, start) : { bytesRead: 0 };
      return buffer.subarray(0, bytesRead);
    },
    stream(start, end) {
      if (end <= start) return Readable.from([]);
      return handle.createReadStream({ start, end: end - 1, autoClose: false, emitClose: false });
    },
    close: () => handle.close(),
  };
}

/**
 * Temp file in the same folder, fsync, rename, fsync the folder: a reader sees the whole blob or
 * none of it, and once this returns the blob survives a power cut.
 */
async function writeAtomically(dir: string, file: string, bytes: Buffer): Promise<void> {
  const temp = join(dir, `.tmp-${randomBytes(8).toString("hex")}`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    await syncFolder(dir);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError("write_failed", `Could not write an image to disk (${reason}).`, { cause: error });
  }
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function nullIfMissing(error: unknown): null {
  if (error instanceof Error && "code" in error && error.code === "ENOENT") return null;
  throw error;
}
