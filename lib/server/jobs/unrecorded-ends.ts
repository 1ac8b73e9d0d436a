import "server-only";
import type { GenerationFailure, Store } from "@/lib/server/store";

/** Jobs whose end the store would not take, and what they read as meanwhile. */
export type UnrecordedEnds = Map<string, GenerationFailure>;

/** Quick tries first (a lock, a moment's I/O error), then every half minute until the disk has room. */
export const END_WRITE_RETRY_MS: readonly number[] = [200, 1_000, 5_000];
const LATER_RETRY_MS = 30_000;

export const UNRECORDED_END: GenerationFailure = {
  code: "interrupted",
  message: "The studio could not record how this ended (its disk refused the write); press Retry to run it again.",
};

interface EndWriter {
  store: Store;
  unrecorded: UnrecordedEnds;
  retryMs?: readonly number[];
}

/**
 * Records a job's failure, trying again when the write itself fails (a full disk): a job whose end
 * is never written would read as running until the next start-up. If every try fails, the job is
 * held here as interrupted, so reads show it ended, and a timer keeps trying to write that.
 */
export async function recordEndOrHold(writer: EndWriter, generationId: string, failure: GenerationFailure): Promise<void> {
  const delays = writer.retryMs ?? END_WRITE_RETRY_MS;
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    try {
      await writer.store.runs.fail(generationId, failure);
      return;
    } catch (error) {
      if (attempt === delays.length) {
        console.error(`Job ${generationId}: its end could not be recorded; it reads as interrupted until it is.`, error);
        break;
      }
      await sleep(delays[attempt]!);
    }
  }
  writer.unrecorded.set(generationId, UNRECORDED_END);
  scheduleLaterWrite(writer, generationId, delays.at(-1) ?? LATER_RETRY_MS);
}

function scheduleLaterWrite(writer: EndWriter, generationId: string, delayMs: number): void {
  const timer = setTimeout(async () => {
    try {
      await writer.store.runs.fail(generationId, UNRECORDED_END, "interrupted");
      writer.unrecorded.delete(generationId);
    } catch {
      scheduleLaterWrite(writer, generationId, Math.max(delayMs, LATER_RETRY_MS));
    }
  }, delayMs);
  // Never what keeps a process alive: a restart marks the job interrupted anyway.
  timer.unref();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
