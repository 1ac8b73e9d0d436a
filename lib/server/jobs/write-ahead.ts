import "server-only";
import type { Store } from "@/lib/server/store";

/**
 * A job's outputs written to the blob store while the engine checks them, so that complete() finds
 * them on disk (or in the bucket) instead of writing them after the check: for a 2048² PNG the write
 * and its fsyncs take 5–10 ms beside a check of 30–45 ms. Blobs are named by their bytes and a row
 * only ever names a blob that exists (insertImage writes it again if it vanished meanwhile), so
 * writing early is safe; what no row took is removed once the job has ended.
 */
export interface WriteAhead {
  write(bytes: Buffer): Promise<void>;
  /** After the job: removes what was written for any output not among `landed` (all, when it failed). */
  settle(landed: readonly Buffer[]): Promise<void>;
}

export function createWriteAhead(store: Store): WriteAhead {
  const written = new Map<Buffer, Promise<string | null>>();
  return {
    write(bytes) {
      // A failed write only means complete() writes these bytes itself.
      const key = store.runs.writeAhead(bytes).catch(() => null);
      written.set(bytes, key);
      return key.then(() => undefined);
    },
    async settle(landed) {
      const unlanded = [...written].filter(([bytes]) => !landed.includes(bytes));
      if (unlanded.length === 0) return;
      const keys = (await Promise.all(unlanded.map(([, key]) => key))).filter((key): key is string => key !== null);
      if (keys.length > 0) await store.runs.dropUnlanded(keys);
    },
  };
}
