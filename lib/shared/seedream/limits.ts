/**
 * The numbers of the Seedream contracts. Sources: the AI/ML API's OpenAPI files (openapi/), and,
 * where those are silent, the upstream providers (noted beside each value).
 */
export const TEXT_TO_IMAGE_MODEL = "bytedance/seedream-v4-text-to-image";
export const EDIT_MODEL = "bytedance/seedream-v4-edit";
/** The newer models take one id for both modes: they edit when `image_urls` is present. */
export const SEEDREAM_4_5_MODEL = "bytedance/seedream-4-5";
export const SEEDREAM_5_0_LITE_MODEL = "bytedance/seedream-5-0-lite-preview";
/** Every provider model id a generation can be recorded with. */
export const MODELS = [TEXT_TO_IMAGE_MODEL, EDIT_MODEL, SEEDREAM_4_5_MODEL, SEEDREAM_5_0_LITE_MODEL] as const;
export const ONE_IMAGE_MODELS = [SEEDREAM_4_5_MODEL, SEEDREAM_5_0_LITE_MODEL] as const;
export type OneImageModel = (typeof ONE_IMAGE_MODELS)[number];

/** v4's own limit; the newer schemas declare none, and the studio keeps the same bound for them. */
export const PROMPT_MAX_CHARS = 4000;
/** v4's reference limit. */
export const INPUT_IMAGES_MAX = 10;
/** The newer models' reference limit, and so the most any generation can take. */
export const ONE_IMAGE_INPUTS_MAX = 14;
export const SIDE_MIN = 1024;
export const SIDE_MAX = 4096;
/** v4's `num_images` limit; on the newer models the same count becomes that many calls. */
export const NUM_IMAGES_MAX = 4;
/** The newer models' custom sides (their OpenAPI files); the maximum is the same as v4's. */
export const ONE_IMAGE_SIDE_MIN = 1440;
/**
 * BytePlus refuses 4.5 and 5.0 Lite outputs under 3.68 MP (ComfyUI's Seedream node documents it,
 * and 1440 × 2560 is exactly that), which the AI/ML API's per-side minimum alone lets through.
 */
export const ONE_IMAGE_PIXELS_MIN = 3_686_400;
export const ONE_IMAGE_TIERS = ["2K", "4K"] as const;
export type SizeTier = (typeof ONE_IMAGE_TIERS)[number];
/** The pixels behind each tier for a square: what the offline engine draws and the form shows. */
export const TIER_PIXELS: Record<SizeTier, { width: number; height: number }> = {
  "2K": { width: 2048, height: 2048 },
  "4K": { width: 4096, height: 4096 },
};
/** The OpenAPI file declares no maximum; fal and BytePlus stop at a signed 32-bit integer. */
export const SEED_MAX = 2_147_483_647;

export const SIZE_PRESETS = [
  "square_hd",
  "square",
  "portrait_4_3",
  "portrait_16_9",
  "landscape_4_3",
  "landscape_16_9",
] as const;
export type SizePreset = (typeof SIZE_PRESETS)[number];
export const DEFAULT_SIZE_PRESET: SizePreset = "square_hd";

/**
 * Pixel sizes behind the presets are not published for Seedream; these are fal's conventional
 * values, used by the offline engine and to show each preset's shape.
 */
export const PRESET_PIXELS: Record<SizePreset, { width: number; height: number }> = {
  square_hd: { width: 1024, height: 1024 },
  square: { width: 512, height: 512 },
  portrait_4_3: { width: 768, height: 1024 },
  portrait_16_9: { width: 576, height: 1024 },
  landscape_4_3: { width: 1024, height: 768 },
  landscape_16_9: { width: 1024, height: 576 },
};

/** Upstream input rules (BytePlus Seedream 4.0): AI/ML API does not state its own. */
export const INPUT_IMAGE_MAX_BYTES = 10 * 1024 * 1024;
export const INPUT_IMAGE_MAX_SIDE = 6000;
export const INPUT_IMAGE_MAX_ASPECT = 3;
