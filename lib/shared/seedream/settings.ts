import type * as z from "@/lib/shared/zod";
import type { StudioModel } from "./models";
import type { generationParameters } from "./request";
import { generationSettings } from "./schema";
import { oneImageSettings } from "./schema-one-image";

/**
 * What a person chooses for each model, as the form checks it and the start action parses it:
 * v4's settings (presets, `num_images`, safety checker) or the newer models' (2K/4K, watermark).
 */
export const SETTINGS_BY_MODEL = {
  "seedream-v4": generationSettings,
  "seedream-4-5": oneImageSettings,
  "seedream-5-0-lite": oneImageSettings,
} as const satisfies Record<StudioModel, z.ZodMiniType>;

/** Any model's settings: the prompt and every model's parameters, each optional. */
export type AnySettings = z.infer<typeof generationParameters> & { prompt: string };
