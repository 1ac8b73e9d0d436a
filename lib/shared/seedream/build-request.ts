import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import type { GenerationSettings, SeedreamRequest } from "@/lib/shared/seedream/schema";

/**
 * One form, two models: with input images it is an edit, without them text-to-image.
 * Only fields of the official schema are set; optional ones the person left alone are omitted so the
 * provider's own defaults apply.
 */
export function buildSeedreamRequest(settings: GenerationSettings, inputDataUrls: string[] = []): SeedreamRequest {
  if (inputDataUrls.length > 0) {
    return { ...settings, model: EDIT_MODEL, image_urls: inputDataUrls };
  }
  return { ...settings, model: TEXT_TO_IMAGE_MODEL };
}
