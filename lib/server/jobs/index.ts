import "server-only";
import type { ImageProvider } from "@/lib/server/engine/types";
import { NO_QUOTAS, quotaAdmission, type QuotaLimits } from "@/lib/server/quotas";
import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import type { GenerationParameters, GenerationRecord, Store } from "@/lib/server/store";
import { checkReplayRetry, continueReplay, startReplay, type ReplayContext } from "./replay";
import { createJobRunner, type JobRunner } from "./runner";
import type { StartGenerationInput } from "@/lib/shared/start-generation";

export { REPLAY_MAX_STEPS, REPLAY_SENTENCES } from "./replay";
export { startGenerationInput, type StartGenerationInput } from "@/lib/shared/start-generation";
export { recordId } from "@/lib/shared/records";

/** Where a request came from, as the action read it from its headers. */
export interface RequestOrigin {
  clientIp?: string;
}

export interface Jobs {
  /**
   * Records a queued job and returns at once; the runner takes it from there. Throws QuotaError,
   * recording nothing, when the job's images would pass a quota.
   */
  start(visitorId: string, input: StartGenerationInput, origin?: RequestOrigin): Promise<GenerationRecord>;
  /** Null when the id is missing or someone else's. */
  cancel(visitorId: string, generationId: string): Promise<GenerationRecord | null>;
  /**
   * A new job with the same prompt, parameters and inputs, counted by quotas like any other; null
   * when the id is missing or someone else's.
   */
  retry(visitorId: string, generationId: string, origin?: RequestOrigin, requestId?: string): Promise<GenerationRecord | null>;
  /**
   * Re-runs the image's chain of edits from its original (see replay.ts) and returns the first new
   * job; the runner starts each next step as one succeeds. Null when the id is missing or someone
   * else's; throws StoreError invalid_input for an upload or a chain longer than REPLAY_MAX_STEPS,
   * and QuotaError like start.
   */
  replay(visitorId: string, imageId: string, origin?: RequestOrigin): Promise<GenerationRecord | null>;
  /** At start-up: records the next step of every chain whose process stopped between two steps. */
  resumeReplays(): Promise<number>;
  idle(): Promise<void>;
}

export interface JobsOptions {
  store: Store;
  provider: ImageProvider;
  maxConcurrency: number;
  deadlineMs: number;
  /** Checked before a job is recorded; none when omitted. */
  quotas?: QuotaLimits;
}

export function createJobs(options: JobsOptions): Jobs {
  const { store } = options;
  const quotas = options.quotas ?? NO_QUOTAS;
  const admission = (parameters: GenerationParameters, origin: RequestOrigin | undefined) =>
    quotaAdmission(quotas, { images: parameters.num_images ?? 1, clientIp: origin?.clientIp, now: Date.now() });

  function enqueue(record: GenerationRecord): GenerationRecord {
    runner.enqueue(record.id);
    return record;
  }

  const replay: ReplayContext = {
    store,
    admission: (parameters, clientIp) => admission(parameters, { clientIp }),
    enqueue,
  };
  const runner: JobRunner = createJobRunner({
    ...options,
    onSucceeded: (generation) =>
      continueReplay(replay, generation).catch((error: unknown) =>
        console.error(`Replay after ${generation.id}: the next step could not be recorded.`, error),
      ),
  });

  return {
    async start(visitorId, { settings, inputImageIds, requestId, region }, origin) {
      const { prompt, ...parameters } = settings;
      await store.visitors.ensure(visitorId);
      return enqueue(
        await store.generations.create(
          {
            visitorId,
            model: inputImageIds.length > 0 ? EDIT_MODEL : TEXT_TO_IMAGE_MODEL,
            prompt,
            parameters,
            inputImageIds,
            clientIp: origin?.clientIp,
            clientRequestId: requestId,
            region,
          },
          admission(parameters, origin),
        ),
      );
    },

    async cancel(visitorId, generationId) {
      if (await store.generations.cancel(visitorId, generationId)) runner.abort(generationId);
      return store.generations.get(visitorId, generationId);
    },

    async retry(visitorId, generationId, origin, requestId) {
      const original = await store.generations.get(visitorId, generationId);
      if (!original) return null;
      // A job still on its way is its own retry: a second call would pay twice for one picture.
      if (original.status === "queued" || original.status === "running") return original;
      await checkReplayRetry(store, original);
      return enqueue(
        await store.generations.create(
          {
            visitorId,
            model: original.model,
            prompt: original.prompt,
            parameters: original.parameters,
            inputImageIds: original.inputImageIds,
            retryOf: original.id,
            clientIp: origin?.clientIp,
            region: original.region ?? undefined,
            // A replay step's retry carries the rest of its chain on.
            replayOf: original.replayOf ?? undefined,
            replayPlan: original.replayPlan ?? undefined,
            takesPlanFrom: original.replayPlan ? original.id : undefined,
            clientRequestId: requestId,
          },
          admission(original.parameters, origin),
        ),
      );
    },

    replay: (visitorId, imageId, origin) => startReplay(replay, visitorId, imageId, origin?.clientIp),

    async resumeReplays() {
      const stalled = await store.runs.listStalledReplays();
      for (const step of stalled) await continueReplay(replay, step);
      return stalled.length;
    },

    idle: () => runner.idle(),
  };
}
