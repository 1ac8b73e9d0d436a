import type { GenerationView } from "@/lib/shared/gallery/view";
import { requestedPixels } from "@/components/studio/composer/form-settings";

/** Above this many pixels a size is worth making smaller when the service runs out of time. */
const LARGE_PIXELS = 2048 * 2048;

/**
 * The failure's sentence, fitted to what was asked: a slow answer suggests only the changes this
 * request could make (fewer images, smaller inputs, a smaller size), and none for a prompt alone.
 */
export function errorSentence(generation: Pick<GenerationView, "error" | "parameters" | "inputImageIds">): string {
  const { error } = generation;
  if (!error) return "";
  if (error.code !== "provider_timeout") return error.message;
  const size = generation.parameters.image_size;
  const { width, height } = requestedPixels(size);
  const changes = [
    (generation.parameters.num_images ?? 1) > 1 && "fewer images",
    generation.inputImageIds.length > 1 && "fewer input images",
    width * height > LARGE_PIXELS && "a smaller size",
  ].filter((change): change is string => typeof change === "string");
  const advice = changes.length === 0 ? "try again in a moment" : `try again, perhaps with ${joinWords(changes)}`;
  return `The image service took too long to answer; ${advice}.`;
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}
