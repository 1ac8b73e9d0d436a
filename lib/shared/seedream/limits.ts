/**
 * The numbers of the Seedream v4 contract. Sources: the AI/ML API's OpenAPI files for
 * `bytedance/seedream-v4-text-to-image` and `bytedance/seedream-v4-edit` (shared/aimlapi-openapi),
 * and, where those are silent, the upstream providers (noted beside each value).
 */
export const TEXT_TO_IMAGE_MODEL = "bytedance/seedream-v4-text-to-image";
export const EDIT_MODEL = "bytedance/seedream-v4-edit";
export const MODELS = [TEXT_TO_IMAGE_MODEL, EDIT_MODEL] as const;

export const PROMPT_MAX_CHARS = 4000;
export const INPUT_IMAGES_MAX = 10;
export const SIDE_MIN = 1024;
export const SIDE_MAX = 4096;
export const NUM_IMAGES_MAX = 4;
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
