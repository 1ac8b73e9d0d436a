import "server-only";
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/** A write in flight takes milliseconds; anything this old was left by a process that died mid-write. */
export const TEMP_FILE_MAX_AGE_MS = 10 * 60_000;
const TEMP_FILE = /^\.tmp-[0-9a-f]{16}$/;

/**
 * Removes the temp files of blob writes cut short by a crash (see writeAtomically in blobs.ts):
 * nothing ever reads them, so they would only use disk. Finished blobs are never touched.
 * Returns how many were removed.
 */
export async function sweepTempFiles(dataDir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const area of ["blobs", "thumbs"]) {
    const fanOuts = await readdir(join(dataDir, area)).catch(() => [] as string[]);
    for (const fanOut of fanOuts) {
      const dir = join(dataDir, area, fanOut);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names.filter((candidate) => TEMP_FILE.test(candidate))) {
        const file = join(dir, name);
        const info = await stat(file).catch(() => null);
        if (!info?.isFile() || now - info.mtimeMs < TEMP_FILE_MAX_AGE_MS) continue;
        await rm(file, { force: true });
        removed += 1;
      }
    }
  }
  return removed;
}
