import "server-only";
import type { GenerationFailure, GenerationRecord } from "@/lib/server/store";
import type { UnrecordedEnds } from "./unrecorded-ends";
import { runJob, type RunJobContext } from "./run-job";

interface JobRunnerOptions extends Omit<RunJobContext, "unrecorded"> {
  /** Provider calls at once in this process; more jobs wait in order. */
  maxConcurrency: number;
}

/**
 * A provider slot held for a job about to be recorded: the job is recorded already running, in the
 * same write that creates it, and its call starts without a second write. The first of the two
 * methods called takes effect; any later call does nothing.
 */
export interface RunnerSlot {
  /**
   * The job recorded as running with this slot, as the write returned it: its call needs no read
   * first. One this process already runs or queues gives the slot back.
   */
  run(generation: GenerationRecord): void;
  /** Nothing was recorded with it (a refused or repeated request). */
  release(): void;
}

export interface JobRunner {
  enqueue(generationId: string): void;
  /** A free slot when nothing waits before it; null when a new job must queue (or jobs are claimed from a shared queue). */
  reserve(): RunnerSlot | null;
  /** Aborts the provider call of a job that is running here; the store decides the status. */
  abort(generationId: string): void;
  /** Resolves when nothing is queued or running (tests and shutdown). */
  idle(): Promise<void>;
  /**
   * How a job whose end could not be written reads until the store takes it: interrupted. Null for
   * every other job.
   */
  unrecordedEnd(generationId: string): GenerationFailure | null;
  /** Stops taking jobs and waits up to `graceMs` for the running ones (a worker's or server's SIGTERM). */
  shutdown(graceMs: number): Promise<void>;
}

/**
 * The in-process runner: a FIFO queue and at most `maxConcurrency` provider calls. State lives in
 * the store; this only holds what a process must (the queue and each running call's AbortController),
 * so a crash loses nothing the next start-up cannot mark as interrupted.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { store, maxConcurrency } = options;
  const unrecorded: UnrecordedEnds = new Map();
  const queue: string[] = [];
  const running = new Map<string, AbortController>();
  /** Slots handed out by reserve() whose job is still being recorded. */
  let reserved = 0;
  let stopped = false;
  let waiters: Array<() => void> = [];

  function start(id: string, recordedRunning?: GenerationRecord) {
    const controller = new AbortController();
    running.set(id, controller);
    void run(id, controller, recordedRunning)
      // Only the store can throw here (the status writes themselves): a rejection left unhandled
      // would take the whole server down, while a job stuck running is interrupted at next start-up.
      .catch((error: unknown) => console.error(`Job ${id}: its status could not be recorded.`, error))
      .finally(() => {
        running.delete(id);
        pump();
      });
  }

  function pump() {
    while (running.size + reserved < maxConcurrency && queue.length > 0) start(queue.shift()!);
    if (running.size === 0 && queue.length === 0 && reserved === 0) {
      for (const resolve of waiters) resolve();
      waiters = [];
    }
  }

  function idle(): Promise<void> {
    if (running.size === 0 && queue.length === 0 && reserved === 0) return Promise.resolve();
    return new Promise((resolve) => waiters.push(resolve));
  }

  /** `recordedRunning`: created as running with a reserved slot, and announced as such by its creator. */
  async function run(id: string, cancel: AbortController, recordedRunning?: GenerationRecord): Promise<void> {
    if (!recordedRunning && !(await store.runs.markRunning(id))) return;
    // Announced beside the provider call rather than before it: the page hearing "running" a few
    // milliseconds later costs nothing, the call starting later costs the person. onChanged keeps
    // one job's announcements in order, so "succeeded" still follows.
    const announcedRunning = recordedRunning ? undefined : options.onChanged?.(id);
    try {
      await runJob({ ...options, unrecorded }, id, cancel, { recorded: recordedRunning });
    } finally {
      await announcedRunning;
    }
  }

  return {
    enqueue(generationId) {
      // A request sent twice answers with the job already recorded; it runs once.
      if (running.has(generationId) || queue.includes(generationId)) return;
      queue.push(generationId);
      pump();
    },
    reserve() {
      if (stopped || queue.length > 0 || running.size + reserved >= maxConcurrency) return null;
      reserved++;
      let used = false;
      const giveBack = () => {
        if (used) return false;
        used = true;
        reserved--;
        return true;
      };
      return {
        run(generation) {
          if (!giveBack()) return;
          // A repeated request answers with a job already here; one recorded during shutdown is
          // interrupted at the next start-up, like any job this process stops holding.
          if (!stopped && !running.has(generation.id) && !queue.includes(generation.id)) start(generation.id, generation);
          pump();
        },
        release() {
          if (giveBack()) pump();
        },
      };
    },
    abort(generationId) {
      const index = queue.indexOf(generationId);
      if (index >= 0) queue.splice(index, 1);
      running.get(generationId)?.abort();
    },
    idle,
    unrecordedEnd: (generationId) => unrecorded.get(generationId) ?? null,
    // One process owns the database: whatever is cut short is marked interrupted at its next start-up.
    async shutdown(graceMs) {
      stopped = true;
      queue.length = 0;
      await Promise.race([idle(), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    },
  };
}
