import { ONE_IMAGE_PIXELS_MIN, ONE_IMAGE_SIDE_MIN, SIDE_MAX, TIER_PIXELS } from "./limits";
import type { StudioModel } from "./models";
import type { GenerationParameters } from "@/lib/shared/records";

/**
 * A step's parameters as another model takes them, for "Try on another model": the same count and
 * seed, the nearest size the model offers, and only the switches it has (v4's safety checker, the
 * newer models' watermark). The form's model switch reads sizes the same way.
 */
export function parametersFor(parameters: GenerationParameters, to: StudioModel): GenerationParameters {
  const { image_size: size, num_images, seed, enable_safety_checker, watermark } = parameters;
  const kept = { ...(num_images !== undefined && { num_images }), ...(seed !== undefined && { seed }) };
  if (to === "seedream-v4") {
    return { ...kept, image_size: sizeForV4(size), ...(enable_safety_checker !== undefined && { enable_safety_checker }) };
  }
  return { ...kept, image_size: sizeForOneImage(size), ...(watermark !== undefined && { watermark }) };
}

/** 2K and 4K become the same pixels as a custom size; a newer model's default (none set) is 2048². */
function sizeForV4(size: GenerationParameters["image_size"]): GenerationParameters["image_size"] {
  if (size === undefined) return { ...TIER_PIXELS["2K"] };
  if (size === "2K" || size === "4K") return { ...TIER_PIXELS[size] };
  return size;
}

/** v4's presets are all under the newer models' minimum: 2K is the nearest; custom sizes grow to fit. */
function sizeForOneImage(size: GenerationParameters["image_size"]): GenerationParameters["image_size"] {
  if (size === "2K" || size === "4K") return size;
  if (size === undefined || typeof size === "string") return "2K";
  return fitOneImage(size.width, size.height);
}

/** The same shape, scaled up until it fits the newer models' bounds (sides 1440–4096, ≥ 3.69 MP). */
export function fitOneImage(width: number, height: number): { width: number; height: number } {
  if (!(width > 0 && height > 0)) return { ...TIER_PIXELS["2K"] };
  const bySide = ONE_IMAGE_SIDE_MIN / Math.min(width, height);
  const byArea = Math.sqrt(ONE_IMAGE_PIXELS_MIN / (width * height));
  const scale = Math.min(Math.max(1, bySide, byArea), SIDE_MAX / Math.max(width, height));
  const clamp = (value: number) => Math.min(SIDE_MAX, Math.max(ONE_IMAGE_SIDE_MIN, Math.ceil(value * scale)));
  return { width: clamp(width), height: clamp(height) };
}
