import type { GenerationView } from "@/lib/shared/gallery/view";
import { DEFAULT_SIZE_PRESET, PRESET_PIXELS, SIDE_MAX, SIDE_MIN, TIER_PIXELS, type SizePreset, type SizeTier } from "@/lib/shared/seedream/limits";
import { DEFAULT_STUDIO_MODEL, studioModelOf, type StudioModel } from "@/lib/shared/seedream/models";
import type { AnySettings } from "@/lib/shared/seedream/settings";

/**
 * The prompt form's state: what a person has typed and chosen, which may not be valid yet.
 * `toGenerationSettings` (in form-check.ts, loaded after the first paint) turns it into the
 * contract's `GenerationSettings`, or into one sentence per field to show beside it.
 */
export type SizeChoice =
  | { kind: "preset"; preset: SizePreset }
  | { kind: "tier"; tier: SizeTier }
  | { kind: "custom"; width: number; height: number };

export interface FormSettings {
  /** Which Seedream the run goes to; the fields below are read as that model takes them. */
  model: StudioModel;
  prompt: string;
  size: SizeChoice;
  /** Keep width:height when one side changes. */
  lockAspect: boolean;
  numImages: number;
  /** null = a random seed each run. */
  seed: number | null;
  /** Keep the seed across runs instead of clearing it after each one. */
  seedLocked: boolean;
  /** v4 only. */
  safetyChecker: boolean;
  /** 4.5 and 5.0 Lite only: the provider's invisible watermark. */
  watermark: boolean;
  /** An edit takes its first input's shape instead of the chosen size (on by default). */
  matchInputAspect: boolean;
}

export type FormField = "prompt" | "width" | "height" | "size" | "numImages" | "seed" | "inputs";

/** What Generate sends: the model and its settings, checked. */
export interface GenerationOrder {
  model: StudioModel;
  settings: AnySettings;
}

/** Where the composer's choices are kept in this browser (see remembered-settings.ts). */
export const SETTINGS_STORAGE_KEY = "seedream-studio:composer-settings";

export const DEFAULT_FORM_SETTINGS: FormSettings = {
  model: DEFAULT_STUDIO_MODEL,
  prompt: "",
  size: { kind: "preset", preset: DEFAULT_SIZE_PRESET },
  lockAspect: true,
  numImages: 1,
  seed: null,
  seedLocked: false,
  safetyChecker: true,
  watermark: false,
  matchInputAspect: true,
};

/** "Reuse settings": a result's prompt, size, count and seed back into the form, seed locked. */
export function settingsFromGeneration(generation: GenerationView, current: FormSettings): FormSettings {
  const { image_size: size, num_images: numImages, enable_safety_checker: safety, watermark } = generation.parameters;
  const seed = generation.seed ?? generation.parameters.seed ?? null;
  const model = studioModelOf(generation.model);
  return {
    ...current,
    model,
    prompt: generation.prompt,
    size: sizeChoiceOf(size, model),
    numImages: numImages ?? 1,
    seed,
    seedLocked: seed !== null,
    safetyChecker: safety ?? true,
    watermark: watermark ?? false,
  };
}

function sizeChoiceOf(size: GenerationView["parameters"]["image_size"], model: StudioModel): SizeChoice {
  if (size === undefined) return model === "seedream-v4" ? DEFAULT_FORM_SETTINGS.size : { kind: "tier", tier: "2K" };
  if (size === "2K" || size === "4K") return { kind: "tier", tier: size };
  return typeof size === "string" ? { kind: "preset", preset: size } : { kind: "custom", width: size.width, height: size.height };
}

/** After a run an unlocked seed goes back to random; the prompt and everything else stay. */
export function formAfterRun(form: FormSettings): FormSettings {
  return form.seedLocked ? form : { ...form, seed: null };
}

export function pixelsOf(size: SizeChoice): { width: number; height: number } {
  if (size.kind === "preset") return PRESET_PIXELS[size.preset];
  return size.kind === "tier" ? TIER_PIXELS[size.tier] : { width: size.width, height: size.height };
}

/** The pixels a request asked for: its size, a named one's pixels, or the default preset's. */
export function requestedPixels(size: GenerationView["parameters"]["image_size"]): { width: number; height: number } {
  if (typeof size === "object") return size;
  if (size === "2K" || size === "4K") return TIER_PIXELS[size];
  return PRESET_PIXELS[size ?? DEFAULT_SIZE_PRESET];
}

export type Side = "width" | "height";

export const PRESET_NAMES: Record<SizePreset, string> = {
  square_hd: "Square HD",
  square: "Square",
  portrait_4_3: "Portrait 4:3",
  portrait_16_9: "Portrait 16:9",
  landscape_4_3: "Landscape 4:3",
  landscape_16_9: "Landscape 16:9",
};

export function clampSide(value: number): number {
  return Math.min(SIDE_MAX, Math.max(SIDE_MIN, value));
}

/**
 * One side set to `value`, the other following the shape `width`×`height` (rounded, kept within
 * 1024–4096). The side a person typed is kept as typed, so an out-of-range value is still explained.
 */
export function resizeKeepingAspect(width: number, height: number, changed: Side, value: number): { width: number; height: number } {
  const shapeKnown = isPositive(width) && isPositive(height);
  if (!shapeKnown || !isPositive(value)) return changed === "width" ? { width: value, height } : { width, height: value };
  return changed === "width"
    ? { width: value, height: clampSide(Math.round((value * height) / width)) }
    : { width: clampSide(Math.round((value * width) / height)), height: value };
}

/** A shape scaled until both sides fit 1024–4096, e.g. a preset's pixels when "Custom" is chosen. */
export function customSizeFrom({ width, height }: { width: number; height: number }): { width: number; height: number } {
  const grow = Math.max(1, SIDE_MIN / Math.min(width, height));
  const scale = Math.min(grow, SIDE_MAX / Math.max(width, height));
  return { width: clampSide(Math.round(width * scale)), height: clampSide(Math.round(height * scale)) };
}

export { randomSeed } from "@/lib/shared/seedream/seeds";

function isPositive(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}
