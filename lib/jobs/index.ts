import type { ImageProvider } from "@/lib/engine/types";
import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/seedream/limits";
import type { GenerationRecord, Store } from "@/lib/store";
import { createJobRunner, type JobRunner } from "./runner";
import type { StartGenerationInput } from "./schema";

export { startGenerationInput, recordId, type StartGenerationInput } from "./schema";

export interface Jobs {
  /** Records a queued job and returns at once; the runner takes it from there. */
  start(visitorId: string, input: StartGenerationInput): Promise<GenerationRecord>;
  /** Null when the id is missing or someone else's. */
  cancel(visitorId: string, generationId: string): Promise<GenerationRecord | null>;
  /** A new job with the same prompt, parameters and inputs; null when the id is missing or someone else's. */
  retry(visitorId: string, generationId: string): Promise<GenerationRecord | null>;
  idle(): Promise<void>;
}

export interface JobsOptions {
  store: Store;
  provider: ImageProvider;
  maxConcurrency: number;
  deadlineMs: number;
}

export function createJobs(options: JobsOptions): Jobs {
  const { store } = options;
  const runner: JobRunner = createJobRunner(options);

  async function enqueue(record: GenerationRecord): Promise<GenerationRecord> {
    runner.enqueue(record.id);
    return record;
  }

  return {
    async start(visitorId, { settings, inputImageIds }) {
      const { prompt, ...parameters } = settings;
      await store.ensureVisitor(visitorId);
      return enqueue(
        await store.createGeneration({
          visitorId,
          model: inputImageIds.length > 0 ? EDIT_MODEL : TEXT_TO_IMAGE_MODEL,
          prompt,
          parameters,
          inputImageIds,
        }),
      );
    },

    async cancel(visitorId, generationId) {
      if (await store.cancelGeneration(visitorId, generationId)) runner.abort(generationId);
      return store.getGeneration(visitorId, generationId);
    },

    async retry(visitorId, generationId) {
      const original = await store.getGeneration(visitorId, generationId);
      if (!original) return null;
      // A job still on its way is its own retry: a second call would pay twice for one picture.
      if (original.status === "queued" || original.status === "running") return original;
      return enqueue(
        await store.createGeneration({
          visitorId,
          model: original.model,
          prompt: original.prompt,
          parameters: original.parameters,
          inputImageIds: original.inputImageIds,
          retryOf: original.id,
        }),
      );
    },

    idle: () => runner.idle(),
  };
}
