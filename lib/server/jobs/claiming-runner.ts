import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { GenerationFailure, JobQueuePart } from "@/lib/server/store";
import type { JobRunner } from "./runner";
import { runJob, type RunJobContext } from "./run-job";
import type { JobSignals } from "./job-signals";
import type { UnrecordedEnds } from "./unrecorded-ends";

/** What a job given up by its process says: the provider may have been asked already, so it is not sent again by itself. */
export const HANDED_BACK: GenerationFailure = {
  code: "interrupted",
  message:
    "The server running this stopped after sending it to the provider, which may have charged for it; press Retry to run it again.",
};
/** Looks for queued jobs this often even when no signal came (one missed, or sent while the listener was down). */
const POLL_MS = 1_000;
/** Looks for lapsed leases at most this often. */
const SWEEP_MAX_MS = 5_000;

export interface ClaimingRunnerOptions extends Omit<RunJobContext, "unrecorded"> {
  queue: JobQueuePart;
  signals: JobSignals;
  /** Provider calls at once across the whole deployment (and so at most this many here). */
  maxConcurrency: number;
  /** How long a claim holds unless renewed (renewed every third of it). */
  leaseMs: number;
  /** False: this process only records jobs (pages on a host without long-lived processes); workers run them. */
  runsJobs: boolean;
  /** Names this process's claims; unique per process by default. */
  owner?: string;
}

export interface ClaimingRunner extends JobRunner {
  /** This process's name on the jobs it claims. */
  owner: string;
  /** Stops claiming, waits up to `graceMs` for running jobs, then hands the rest back (see job-queue.ts). */
  shutdown(graceMs: number): Promise<void>;
}

/**
 * The runner of a deployment sharing PostgreSQL: jobs wait in the generations table, and every
 * instance or worker claims the oldest ones while the deployment has a free slot. A running job's
 * claim is renewed every third of the lease; a renewal refused means the job was canceled (or taken
 * over) and its provider call is stopped. Every process also hands back jobs whose claims lapsed:
 * a job the provider never saw is queued again, any other is interrupted with Retry.
 */
export function createClaimingRunner(options: ClaimingRunnerOptions): ClaimingRunner {
  const { queue, signals, maxConcurrency, leaseMs } = options;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const unrecorded: UnrecordedEnds = new Map();
  const running = new Map<string, AbortController>();
  let waiters: Array<() => void> = [];
  let stopped = !options.runsJobs;
  let claiming = false;
  let claimAgain = false;

  async function claimMore(): Promise<void> {
    if (stopped) return;
    if (claiming) {
      claimAgain = true;
      return;
    }
    claiming = true;
    try {
      do {
        claimAgain = false;
        const wanted = maxConcurrency - running.size;
        if (wanted <= 0 || stopped) break;
        const claimed = await queue.claim({ owner, wanted, deploymentLimit: maxConcurrency, leaseMs });
        for (const id of claimed) start(id);
      } while (claimAgain);
    } catch (error) {
      console.error("Jobs could not be claimed; trying again shortly.", error);
    } finally {
      claiming = false;
    }
  }

  function start(id: string): void {
    const controller = new AbortController();
    running.set(id, controller);
    const renewal = setInterval(() => void renew(id, controller), Math.max(250, Math.floor(leaseMs / 3)));
    const claim = { owner, beforeProviderCall: () => queue.markProviderCalled(id, owner) };
    const context = { ...options, unrecorded };
    void (async () => {
      await options.onChanged?.(id);
      await runJob(context, id, controller, { claim });
    })()
      .catch((error: unknown) => console.error(`Job ${id}: its status could not be recorded.`, error))
      .finally(() => {
        clearInterval(renewal);
        running.delete(id);
        // A slot came free in the deployment: whichever runner is first takes the next job.
        signals.wake();
        void claimMore();
        if (running.size === 0) {
          for (const resolve of waiters) resolve();
          waiters = [];
        }
      });
  }

  async function renew(id: string, controller: AbortController): Promise<void> {
    try {
      if (!(await queue.renew(id, owner, leaseMs))) controller.abort();
    } catch (error) {
      // The database is out of reach: keep working; if the claim lapses meanwhile, the end is refused.
      console.error(`Job ${id}: its claim could not be renewed.`, error);
    }
  }

  async function sweep(): Promise<void> {
    try {
      const handedBack = await queue.takeOverLapsed(HANDED_BACK);
      if (handedBack.length === 0) return;
      console.warn(`Took over ${handedBack.length} job(s) whose server stopped renewing them.`);
      for (const { id } of handedBack) await options.onChanged?.(id);
      if (handedBack.some((job) => job.status === "queued")) signals.wake();
    } catch (error) {
      console.error("Lapsed job claims could not be checked.", error);
    }
  }

  function idle(): Promise<void> {
    if (running.size === 0) return Promise.resolve();
    return new Promise((resolve) => waiters.push(resolve));
  }

  signals.onWake(() => void claimMore());
  signals.onCancel((id) => running.get(id)?.abort());
  const poller = setInterval(() => void claimMore(), POLL_MS);
  const sweeper = setInterval(() => void sweep(), Math.min(SWEEP_MAX_MS, Math.max(250, Math.floor(leaseMs / 3))));
  poller.unref();
  sweeper.unref();
  void sweep().then(() => claimMore());

  return {
    owner,
    enqueue() {
      signals.wake();
      void claimMore();
    },
    // Every job waits in the shared table for whichever process claims it first.
    reserve: () => null,
    abort(generationId) {
      running.get(generationId)?.abort();
      signals.cancel(generationId);
    },
    idle,
    unrecordedEnd: (generationId) => unrecorded.get(generationId) ?? null,
    async shutdown(graceMs) {
      stopped = true;
      clearInterval(poller);
      clearInterval(sweeper);
      const drained = idle();
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      const left = [...running.entries()];
      for (const [id, controller] of left) {
        controller.abort();
        await queue.release(id, owner, HANDED_BACK).catch((error: unknown) => console.error(`Job ${id}: it could not be handed back.`, error));
        await options.onChanged?.(id);
      }
      if (left.length > 0) signals.wake();
      await drained;
    },
  };
}
