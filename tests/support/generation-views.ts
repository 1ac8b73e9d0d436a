import type { GenerationView } from "@/lib/shared/gallery/view";
import { TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";

/** A finished text-to-image job as the page sees it, with no outputs; tests change what they need. */
export function generationView(id: string, patch: Partial<GenerationView> = {}): GenerationView {
  return {
    id,
    status: "succeeded",
    model: TEXT_TO_IMAGE_MODEL,
    prompt: "a fox",
    parameters: { image_size: "square_hd", num_images: 1 },
    inputImageIds: [],
    error: null,
    creditsUsed: null,
    seed: null,
    createdAt: 0,
    startedAt: 0,
    finishedAt: 1000,
    retryOf: null,
    replayOf: null,
    outputs: [],
    ...patch,
  };
}
