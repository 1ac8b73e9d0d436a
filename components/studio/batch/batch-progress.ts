import type { GenerationStatus } from "@/lib/shared/records";

/** One image of a batch: its job once recorded, or the sentence that kept it from being recorded. */
export interface BatchJob {
  imageId: string;
  generationId: string | null;
  refusal: string | null;
  /** Cancel all was pressed before this one was sent: it never will be. */
  canceledUnsent?: true;
}

export interface BatchProgress {
  total: number;
  succeeded: number;
  failed: number;
  pending: number;
  canceled: number;
}

const FAILED: readonly GenerationStatus[] = ["failed", "interrupted"];

/** Counts by what each job's card says now; a refused start counts as failed, one not yet answered as pending. */
export function batchProgress(jobs: readonly BatchJob[], statusOf: (generationId: string) => GenerationStatus | null): BatchProgress {
  const progress: BatchProgress = { total: jobs.length, succeeded: 0, failed: 0, pending: 0, canceled: 0 };
  for (const job of jobs) {
    const status = job.generationId ? statusOf(job.generationId) : null;
    if (job.canceledUnsent) progress.canceled += 1;
    else if (job.refusal || (status && FAILED.includes(status))) progress.failed += 1;
    else if (status === "succeeded") progress.succeeded += 1;
    else if (status === "canceled") progress.canceled += 1;
    else progress.pending += 1;
  }
  return progress;
}

export function progressSentence({ total, succeeded, failed, pending, canceled }: BatchProgress): string {
  const parts = [`${succeeded} of ${total} done`];
  if (pending > 0) parts.push(`${pending} running`);
  if (failed > 0) parts.push(`${failed} failed`);
  if (canceled > 0) parts.push(`${canceled} canceled`);
  return parts.join(" · ");
}

/** Jobs Retry failed should send again: refused ones, and those whose job failed or was interrupted. */
export function retryable(jobs: readonly BatchJob[], statusOf: (generationId: string) => GenerationStatus | null): BatchJob[] {
  return jobs.filter((job) => job.refusal !== null || (job.generationId !== null && FAILED.includes(statusOf(job.generationId) ?? "queued")));
}
