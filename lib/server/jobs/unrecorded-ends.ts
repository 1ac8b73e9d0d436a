import "server-only";
import type { GenerationFailure, Store } from "@/lib/server/store";

/** Jobs whose end the store would not take, and what they read as meanwhile. */
export type UnrecordedEnds = Map<string, GenerationFailure>;

/** Quick tries first (a lock, a moment's I/O error), then every half minute until the disk has room. */
export const END_WRITE_RETRY_MS: readonly number[] = [200, 1_000, 5_000, 30_000];

export const UNRECORDED_END: GenerationFailure = {
  code: "interrupted",
  message: "The studio could not record how this ended (its disk refused the write); press Retry to run it again.",
};

interface EndWriter {
  store: Store;
  unrecorded: UnrecordedEnds;
  /** Waits before each new try; the last one repeats. */
  retryMs?: readonly number[];
  /** The claim the job runs under on a shared database: an end written after a takeover is refused. */
  owner?: string;
}

/**
 * Records a job's failure. When the write itself fails (a full disk), the job is held here as
 * interrupted, so reads show that it ended instead of "running" until the next start-up, and the
 * write is tried again in the background, without holding the runner's slot, until the store
 * takes it.
 */
export async function recordEndOrHold(writer: EndWriter, generationId: string, failure: GenerationFailure): Promise<void> {
  try {
    await writer.store.runs.fail(generationId, failure, "failed", writer.owner);
  } catch (error) {
    console.error(`Job ${generationId}: its end could not be recorded; it reads as interrupted until it is.`, error);
    writer.unrecorded.set(generationId, UNRECORDED_END);
    writeLater(writer, generationId, failure, 0);
  }
}

function writeLater(writer: EndWriter, generationId: string, failure: GenerationFailure, attempt: number): void {
  const delays = writer.retryMs ?? END_WRITE_RETRY_MS;
  const delay = delays[Math.min(attempt, delays.length - 1)] ?? 30_000;
  const timer = setTimeout(async () => {
    try {
      await writer.store.runs.fail(generationId, failure, "failed", writer.owner);
      writer.unrecorded.delete(generationId);
    } catch {
      writeLater(writer, generationId, failure, attempt + 1);
    }
  }, delay);
  // Never what keeps a process alive: a restart marks the job interrupted anyway.
  timer.unref();
}
