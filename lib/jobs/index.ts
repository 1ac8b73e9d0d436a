import type { ImageProvider } from "@/lib/engine/types";
import { NO_QUOTAS, quotaAdmission, type QuotaLimits } from "@/lib/quotas";
import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/seedream/limits";
import type { GenerationParameters, GenerationRecord, Store } from "@/lib/store";
import { createJobRunner, type JobRunner } from "./runner";
import type { StartGenerationInput } from "./schema";

export { startGenerationInput, recordId, type StartGenerationInput } from "./schema";

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
  retry(visitorId: string, generationId: string, origin?: RequestOrigin): Promise<GenerationRecord | null>;
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
  const runner: JobRunner = createJobRunner(options);

  const admission = (parameters: GenerationParameters, origin: RequestOrigin | undefined) =>
    quotaAdmission(quotas, { images: parameters.num_images ?? 1, clientIp: origin?.clientIp, now: Date.now() });

  async function enqueue(record: GenerationRecord): Promise<GenerationRecord> {
    runner.enqueue(record.id);
    return record;
  }

  return {
    async start(visitorId, { settings, inputImageIds }, origin) {
      const { prompt, ...parameters } = settings;
      await store.ensureVisitor(visitorId);
      return enqueue(
        await store.createGeneration(
          {
            visitorId,
            model: inputImageIds.length > 0 ? EDIT_MODEL : TEXT_TO_IMAGE_MODEL,
            prompt,
            parameters,
            inputImageIds,
            clientIp: origin?.clientIp,
          },
          admission(parameters, origin),
        ),
      );
    },

    async cancel(visitorId, generationId) {
      if (await store.cancelGeneration(visitorId, generationId)) runner.abort(generationId);
      return store.getGeneration(visitorId, generationId);
    },

    async retry(visitorId, generationId, origin) {
      const original = await store.getGeneration(visitorId, generationId);
      if (!original) return null;
      // A job still on its way is its own retry: a second call would pay twice for one picture.
      if (original.status === "queued" || original.status === "running") return original;
      return enqueue(
        await store.createGeneration(
          {
            visitorId,
            model: original.model,
            prompt: original.prompt,
            parameters: original.parameters,
            inputImageIds: original.inputImageIds,
            retryOf: original.id,
            clientIp: origin?.clientIp,
          },
          admission(original.parameters, origin),
        ),
      );
    },

    idle: () => runner.idle(),
  };
}
