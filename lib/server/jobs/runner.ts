import "server-only";
import type { ImageProvider } from "@/lib/server/engine/types";
import { toStudioError } from "@/lib/server/errors";
import { buildProviderRequests } from "@/lib/shared/seedream/build-request";
import { randomSeed } from "@/lib/shared/seedream/seeds";
import type { GenerationFailure, GenerationParameters, GenerationRecord, Store } from "@/lib/server/store";
import { recordEndOrHold, type UnrecordedEnds } from "./unrecorded-ends";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";
import { keepOutsideRegion } from "@/lib/server/marks/keep-outside";
import { runProviderCalls, shortfallSentence } from "./provider-calls";

interface JobRunnerOptions {
  store: Store;
  provider: ImageProvider;
  /** Provider calls at once in this process; more jobs wait in order. */
  maxConcurrency: number;
  /** A job's whole life once running: inputs read, provider call, outputs stored. */
  deadlineMs: number;
  /** Awaited before the job leaves the runner, so idle() also waits for whatever it starts. */
  onSucceeded?: (generation: GenerationRecord) => Promise<void>;
  /** Waits between tries at recording a job's end when the store refuses the write (a full disk). */
  endWriteRetryMs?: readonly number[];
  /** After each status this runner records (running, succeeded, failed), for the page to hear of it. */
  onChanged?: (generationId: string) => Promise<void>;
}

export interface JobRunner {
  enqueue(generationId: string): void;
  /** Aborts the provider call of a job that is running here; the store decides the status. */
  abort(generationId: string): void;
  /** Resolves when nothing is queued or running (tests and shutdown). */
  idle(): Promise<void>;
  /**
   * How a job whose end could not be written reads until the store takes it: interrupted. Null for
   * every other job.
   */
  unrecordedEnd(generationId: string): GenerationFailure | null;
}

/**
 * The in-process runner: a FIFO queue and at most `maxConcurrency` provider calls. State lives in
 * the store; this only holds what a process must (the queue and each running call's AbortController),
 * so a crash loses nothing the next start-up cannot mark as interrupted.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { store, provider, maxConcurrency, deadlineMs } = options;
  const unrecorded: UnrecordedEnds = new Map();
  const queue: string[] = [];
  const running = new Map<string, AbortController>();
  let waiters: Array<() => void> = [];

  function pump() {
    while (running.size < maxConcurrency && queue.length > 0) {
      const id = queue.shift()!;
      const controller = new AbortController();
      running.set(id, controller);
      void run(id, controller)
        // Only the store can throw here (the status writes themselves): a rejection left unhandled
        // would take the whole server down, while a job stuck running is interrupted at next start-up.
        .catch((error: unknown) => console.error(`Job ${id}: its status could not be recorded.`, error))
        .finally(() => {
          running.delete(id);
          pump();
        });
    }
    if (running.size === 0 && queue.length === 0) {
      for (const resolve of waiters) resolve();
      waiters = [];
    }
  }

  async function run(id: string, cancel: AbortController): Promise<void> {
    if (!(await store.runs.markRunning(id))) return;
    // Announced beside the provider call rather than before it: the page hearing "running" a few
    // milliseconds later costs nothing, the call starting later costs the person. onChanged keeps
    // one job's announcements in order, so "succeeded" still follows.
    const announcedRunning = options.onChanged?.(id);
    const deadline = AbortSignal.timeout(deadlineMs);
    const signal = AbortSignal.any([cancel.signal, deadline]);
    let succeeded: GenerationRecord | null = null;
    try {
      const generation = await store.runs.get(id);
      if (!generation) return;
      // The newer models answer without a seed, so the studio picks one when the person did not.
      const baseSeed = generation.parameters.seed ?? randomSeed();
      const requests = buildProviderRequests(generation.model, settingsOf(generation), await inputDataUrls(store, generation), baseSeed);
      const result = await runProviderCalls(provider, requests, signal);
      const oneImage = result.outputSeeds.some((seed) => seed !== undefined);
      const kept = await keepOutsideRegion(store, generation, result.images);
      // A cancel that lands now finds the job no longer running, and the outputs are dropped.
      succeeded = await store.runs.complete(id, {
        ...kept,
        seed: oneImage ? baseSeed : result.reportedSeed,
        outputSeeds: oneImage ? result.outputSeeds : undefined,
        creditsUsed: result.creditsUsed,
        providerRequestId: result.requestId,
        shortfall: result.shortfall && { code: result.shortfall.code, message: shortfallSentence(result.shortfall) },
      });
    } catch (error) {
      if (cancel.signal.aborted) return;
      const failure = deadline.aborted ? new SeedreamError("provider_timeout", { cause: error }) : error;
      const { code, message } = toStudioError(failure);
      await recordEndOrHold({ store, unrecorded, retryMs: options.endWriteRetryMs }, id, { code, message });
    }
    await announcedRunning;
    await options.onChanged?.(id);
    // Outside the try: what follows a success is not this job's failure.
    if (succeeded) await options.onSucceeded?.(succeeded);
  }

  return {
    enqueue(generationId) {
      // A request sent twice answers with the job already recorded; it runs once.
      if (running.has(generationId) || queue.includes(generationId)) return;
      queue.push(generationId);
      pump();
    },
    abort(generationId) {
      const index = queue.indexOf(generationId);
      if (index >= 0) queue.splice(index, 1);
      running.get(generationId)?.abort();
    },
    idle() {
      if (running.size === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    unrecordedEnd: (generationId) => unrecorded.get(generationId) ?? null,
  };
}

function settingsOf(generation: GenerationRecord) {
  const parameters: GenerationParameters = generation.parameters;
  return { ...parameters, prompt: generation.prompt };
}

/** Inputs go to the provider as data URLs: a private deployment is not reachable from outside. */
async function inputDataUrls(store: Store, generation: GenerationRecord): Promise<string[]> {
  return Promise.all(
    generation.inputImageIds.map(async (imageId) => {
      const image = await store.images.get(generation.visitorId, imageId);
      const bytes = image && (await store.images.read(generation.visitorId, imageId));
      if (!image || !bytes) {
        throw new SeedreamError("invalid_request", { detail: "An input image of this generation is gone." });
      }
      return `data:${image.mime};base64,${bytes.toString("base64")}`;
    }),
  );
}
