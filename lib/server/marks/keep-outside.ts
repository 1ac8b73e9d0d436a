import "server-only";
import { inDecodeSlot } from "@/lib/server/images/decode-slots";
import type { GenerationRecord, ImageBytes, Store } from "@/lib/server/store/types";
import type { RegionOutcome } from "@/lib/shared/marks/region";
import { compositeInsideRegion } from "./composite";

export interface KeptOutputs {
  outputs: ImageBytes[];
  /** One per output, in order; absent when the generation painted no region. */
  regionOutcomes?: RegionOutcome[];
}

/**
 * The runner's step between the provider's answer and the store: with a painted region, each
 * output is put onto the clean original so nothing outside the region changes.
 */
export async function keepOutsideRegion(store: Store, generation: GenerationRecord, outputs: ImageBytes[]): Promise<KeptOutputs> {
  const region = generation.region;
  if (!region) return { outputs };
  const original = await store.images.read(generation.visitorId, region.imageId);
  if (!original) {
    const reason = "The original was deleted before the result arrived, so the result was kept as the model returned it.";
    return { outputs, regionOutcomes: outputs.map(() => ({ composited: false, reason })) };
  }
  const composited = [];
  // One at a time: each holds a few raw RGBA copies of the picture in memory.
  for (const output of outputs) composited.push(await inDecodeSlot(() => compositeInsideRegion(original, output, region)));
  return { outputs: composited.map((entry) => entry.image), regionOutcomes: composited.map((entry) => entry.outcome) };
}
