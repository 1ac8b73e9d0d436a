import "server-only";
import type { GenerationFailure } from "./types";

/** A job handed back by a process that gave it up or died: queued to run again, or interrupted. */
export interface TakenOver {
  id: string;
  status: "queued" | "interrupted";
}

/**
 * Jobs as claims on rows, for several processes sharing PostgreSQL (postgres/job-queue.ts). The
 * embedded store has none: its one process keeps the queue in memory (jobs/runner.ts).
 */
export interface JobQueuePart {
  /**
   * queued → running for `owner`, oldest first, at most `wanted`, and never more than
   * `deploymentLimit` running across every process. Returns the ids claimed.
   */
  claim(options: { owner: string; wanted: number; deploymentLimit: number; leaseMs: number }): Promise<string[]>;
  /** Extends the claim; false when the job is no longer this owner's to run (canceled, or taken over). */
  renew(generationId: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Written before the provider is asked, so a takeover knows the job may have been charged for. False like renew. */
  markProviderCalled(generationId: string, owner: string): Promise<boolean>;
  /** Gives a claimed job up (shutting down): queued again if the provider was never asked, else interrupted. */
  release(generationId: string, owner: string, failure: GenerationFailure): Promise<TakenOver["status"] | null>;
  /** Every running job whose claim lapsed, handed back the same way as release. */
  takeOverLapsed(failure: GenerationFailure): Promise<TakenOver[]>;
}
