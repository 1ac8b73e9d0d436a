import { providerModelFor, studioModelOf, type StudioModel } from "@/lib/shared/seedream/models";
import type { ProviderRequest } from "@/lib/shared/seedream/request";
import type { GenerationSettings, SeedreamRequest } from "@/lib/shared/seedream/schema";
import type { OneImageRequest } from "@/lib/shared/seedream/schema-one-image";
import { seedAt } from "@/lib/shared/seedream/seeds";
import type { AnySettings } from "@/lib/shared/seedream/settings";
import type { SeedreamModel } from "@/lib/shared/records";

/**
 * One form, two models: with input images it is an edit, without them text-to-image.
 * Only fields of the official schema are set; optional ones the person left alone are omitted so the
 * provider's own defaults apply.
 */
export function buildSeedreamRequest(settings: GenerationSettings, inputDataUrls: string[] = []): SeedreamRequest {
  if (inputDataUrls.length > 0) {
    return { ...settings, model: "bytedance/seedream-v4-edit", image_urls: inputDataUrls };
  }
  return { ...settings, model: "bytedance/seedream-v4-text-to-image" };
}

/**
 * The calls one generation makes. v4: one call, `num_images` as asked. The newer models make one
 * image per call, so N images are N calls; each sends an explicit seed (their answers carry none,
 * and replay and A/B need it): `baseSeed`, `baseSeed + 1`, … Pass the person's seed as `baseSeed`
 * when they set one, a random one otherwise.
 */
export function buildProviderRequests(
  model: SeedreamModel,
  settings: AnySettings,
  inputDataUrls: string[],
  baseSeed: number,
): ProviderRequest[] {
  const studioModel = studioModelOf(model);
  if (studioModel === "seedream-v4") {
    const { prompt, image_size, num_images, seed, enable_safety_checker } = settings;
    const v4 = definedOnly({ prompt, image_size, num_images, seed, enable_safety_checker });
    return [buildSeedreamRequest(v4 as GenerationSettings, inputDataUrls)];
  }
  const { prompt, image_size, watermark } = settings;
  const calls = settings.num_images ?? 1;
  return Array.from({ length: calls }, (_, index) =>
    oneImageCall(studioModel, definedOnly({ prompt, image_size, watermark }), inputDataUrls, seedAt(baseSeed, index)),
  );
}

function oneImageCall(
  model: Exclude<StudioModel, "seedream-v4">,
  fields: Pick<AnySettings, "prompt" | "image_size" | "watermark">,
  inputDataUrls: string[],
  seed: number,
): OneImageRequest {
  const request = { ...fields, model: providerModelFor(model, inputDataUrls.length), seed } as OneImageRequest;
  return inputDataUrls.length > 0 ? { ...request, image_urls: inputDataUrls } : request;
}

function definedOnly<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
