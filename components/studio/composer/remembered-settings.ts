import { NUM_IMAGES_MAX, ONE_IMAGE_TIERS, SEED_MAX, SIDE_MAX, SIDE_MIN, SIZE_PRESETS } from "@/lib/shared/seedream/limits";
import { STUDIO_MODELS } from "@/lib/shared/seedream/models";
import * as z from "@/lib/shared/zod";
import { DEFAULT_FORM_SETTINGS, SETTINGS_STORAGE_KEY, type FormSettings } from "./form-settings";

/**
 * The composer's choices kept in this browser across reloads: model, size, count, seed lock, safety,
 * watermark and "match input aspect". The prompt is not kept (it may be private); an unlocked seed is not either,
 * since it is cleared after every run anyway.
 */
export { SETTINGS_STORAGE_KEY };

const side = z.number().check(z.int(), z.minimum(SIDE_MIN), z.maximum(SIDE_MAX));
const remembered = z.object({
  model: z.enum(STUDIO_MODELS),
  size: z.union([
    z.object({ kind: z.literal("preset"), preset: z.enum(SIZE_PRESETS) }),
    z.object({ kind: z.literal("tier"), tier: z.enum(ONE_IMAGE_TIERS) }),
    z.object({ kind: z.literal("custom"), width: side, height: side }),
  ]),
  lockAspect: z.boolean(),
  numImages: z.number().check(z.int(), z.minimum(1), z.maximum(NUM_IMAGES_MAX)),
  seed: z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(SEED_MAX))),
  seedLocked: z.boolean(),
  safetyChecker: z.boolean(),
  watermark: z.boolean(),
  matchInputAspect: z.boolean(),
});

type Remembered = z.infer<typeof remembered>;

/** What to keep of the form: only values that would be sent as they are. */
export function rememberedOf(form: FormSettings): Partial<Remembered> {
  const kept: Partial<Remembered> = {
    model: form.model,
    lockAspect: form.lockAspect,
    seedLocked: form.seedLocked,
    safetyChecker: form.safetyChecker,
    watermark: form.watermark,
    matchInputAspect: form.matchInputAspect,
    seed: form.seedLocked ? form.seed : null,
  };
  if (remembered.shape.size.safeParse(form.size).success) kept.size = form.size;
  if (remembered.shape.numImages.safeParse(form.numImages).success) kept.numImages = form.numImages;
  return kept;
}

/** The stored choices laid over the defaults; anything unreadable or out of range is ignored. */
export function restoreSettings(stored: string | null, base: FormSettings = DEFAULT_FORM_SETTINGS): FormSettings {
  if (!stored) return base;
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return base;
  }
  const parsed = z.partial(remembered).safeParse(raw);
  if (!parsed.success) return base;
  const entries = Object.entries(parsed.data).filter(([, value]) => value !== undefined);
  const restored = { ...base, ...Object.fromEntries(entries) } as FormSettings;
  return restored.seedLocked ? restored : { ...restored, seed: null };
}
