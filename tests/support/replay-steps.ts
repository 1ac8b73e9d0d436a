import type { GenerationRecord, GenerationWithOutputs, Store } from "@/lib/server/store";
import type { JobsHarness } from "./jobs-harness";
import { waitForStatus } from "./jobs-harness";

/** An edit (or, without inputs, a text-to-image job) run through the studio's jobs to success. */
export async function runJob(
  h: JobsHarness,
  visitorId: string,
  inputImageIds: string[],
  settings: { prompt: string; seed?: number; num_images?: number },
): Promise<GenerationWithOutputs> {
  const queued = await h.jobs.start(visitorId, { settings: { image_size: "square", ...settings }, inputImageIds });
  await waitForStatus(h.store, visitorId, queued.id, "succeeded");
  const done = await h.store.generations.withOutputs(visitorId, queued.id);
  if (!done) throw new Error("The job vanished.");
  return done;
}

/** Every job of a replayed chain, oldest first, with its outputs. */
export async function replayedSteps(store: Store, visitorId: string): Promise<GenerationWithOutputs[]> {
  const page = await store.gallery.list(visitorId, { limit: 100 });
  return page.items
    .flatMap((item) => (item.kind === "generation" && item.generation.replayOf ? [item] : []))
    .reverse();
}

/** What a faithful replay of `original` asks for: the same parameters, with the seed the provider used. */
export function replayedParameters(original: GenerationRecord) {
  return { ...original.parameters, seed: original.seed ?? original.parameters.seed };
}

export function hashes(step: GenerationWithOutputs): string[] {
  return step.outputs.map((output) => output.sha256);
}

/**
 * The store as a process that dies at one moment leaves it: `dies` picks the calls that never
 * happen (they throw, as the write would have been lost), and everything else goes through.
 */
export function dyingStore(store: Store, dies: { complete?: (generation: GenerationRecord) => boolean; continuation?: boolean }): Store {
  return {
    ...store,
    runs: {
      ...store.runs,
      async complete(generationId, outcome) {
        const generation = await store.runs.get(generationId);
        if (generation && dies.complete?.(generation)) throw new Error("The process died while storing the outputs.");
        return store.runs.complete(generationId, outcome);
      },
      async fail(generationId, failure, status) {
        const generation = await store.runs.get(generationId);
        if (generation && dies.complete?.(generation)) return false;
        return store.runs.fail(generationId, failure, status);
      },
    },
    generations: {
      ...store.generations,
      async create(input, admission) {
        if (dies.continuation && input.takesPlanFrom) throw new Error("The process died before the next step was written.");
        return store.generations.create(input, admission);
      },
      async recordRefused(input, failure) {
        if (dies.continuation && input.takesPlanFrom) throw new Error("The process died before the next step was written.");
        return store.generations.recordRefused(input, failure);
      },
    },
  };
}
