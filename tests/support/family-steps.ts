import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import type { GenerationRecord, ImageRecord, Store } from "@/lib/server/store";
import { png } from "./store-fixtures";

/**
 * Families written straight into a real store, the way the runner would leave them: a generation
 * recorded, run and completed with real PNGs (sharp), without a provider in between.
 */
export interface Made {
  generation: GenerationRecord;
  outputs: ImageRecord[];
}

let shade = 0;

/** A small picture that no other call returns, so no two outputs share their bytes by accident. */
export async function picture(side = 24) {
  shade += 1;
  return png(side, side, shade);
}

export async function upload(store: Store, visitorId: string): Promise<ImageRecord> {
  return store.images.save({ visitorId, origin: "upload", ...(await picture()) });
}

/** A succeeded job: text-to-image without inputs, an edit with them; `outputs` images. */
export async function step(
  store: Store,
  visitorId: string,
  inputs: readonly string[],
  options: { outputs?: number; prompt?: string; seed?: number } = {},
): Promise<Made> {
  const count = options.outputs ?? 1;
  const generation = await store.generations.create({
    visitorId,
    model: inputs.length > 0 ? EDIT_MODEL : TEXT_TO_IMAGE_MODEL,
    prompt: options.prompt ?? `step from ${inputs.length} inputs`,
    parameters: { image_size: "square", num_images: count, seed: options.seed ?? 11 },
    inputImageIds: inputs,
  });
  if (!(await store.runs.markRunning(generation.id))) throw new Error("The step was not queued.");
  const outputs = await Promise.all(Array.from({ length: count }, () => picture()));
  const done = await store.runs.complete(generation.id, { outputs, seed: options.seed });
  if (!done) throw new Error("The step did not succeed.");
  return done;
}

/** `length` edits, each of the previous step's first output; returns every step, oldest first. */
export async function chain(store: Store, visitorId: string, from: string, length: number): Promise<Made[]> {
  const made: Made[] = [];
  let previous = from;
  for (let index = 0; index < length; index += 1) {
    const next = await step(store, visitorId, [previous], { prompt: `chain step ${index + 1}` });
    made.push(next);
    previous = next.outputs[0]!.id;
  }
  return made;
}

export function only<T>(values: readonly T[]): T {
  if (values.length !== 1) throw new Error(`Expected exactly one, got ${values.length}.`);
  return values[0]!;
}
