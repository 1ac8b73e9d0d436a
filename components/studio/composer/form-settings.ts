import type { GenerationView } from "@/lib/shared/gallery/view";
import { DEFAULT_SIZE_PRESET, PRESET_PIXELS, SEED_MAX, SIDE_MAX, SIDE_MIN, type SizePreset } from "@/lib/shared/seedream/limits";
import { generationSettings, type GenerationSettings } from "@/lib/shared/seedream/schema";

/**
 * The prompt form's state: what a person has typed and chosen, which may not be valid yet.
 * `toGenerationSettings` turns it into the contract's `GenerationSettings` (the same zod schema the
 * server action and the fake API use), or into one sentence per field to show beside it.
 */
export type SizeChoice = { kind: "preset"; preset: SizePreset } | { kind: "custom"; width: number; height: number };

export interface FormSettings {
  prompt: string;
  size: SizeChoice;
  /** Keep width:height when one side changes. */
  lockAspect: boolean;
  numImages: number;
  /** null = a random seed each run. */
  seed: number | null;
  /** Keep the seed across runs instead of clearing it after each one. */
  seedLocked: boolean;
  safetyChecker: boolean;
}

export type FormField = "prompt" | "width" | "height" | "size" | "numImages" | "seed";

export const DEFAULT_FORM_SETTINGS: FormSettings = {
  prompt: "",
  size: { kind: "preset", preset: DEFAULT_SIZE_PRESET },
  lockAspect: true,
  numImages: 1,
  seed: null,
  seedLocked: false,
  safetyChecker: true,
};

type FormCheck =
  | { ok: true; settings: GenerationSettings }
  | { ok: false; problems: Partial<Record<FormField, string>> };

export function toGenerationSettings(form: FormSettings): FormCheck {
  const candidate = {
    prompt: form.prompt,
    image_size: form.size.kind === "preset" ? form.size.preset : { width: form.size.width, height: form.size.height },
    num_images: form.numImages,
    ...(form.seed === null ? {} : { seed: form.seed }),
    enable_safety_checker: form.safetyChecker,
  };
  const parsed = generationSettings.safeParse(candidate);
  if (parsed.success) return { ok: true, settings: parsed.data };

  const problems: Partial<Record<FormField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path);
    problems[field] ??= issue.message;
  }
  return { ok: false, problems };
}

function fieldOf(path: readonly PropertyKey[]): FormField {
  const [first, second] = path;
  if (first === "image_size") return second === "width" ? "width" : second === "height" ? "height" : "size";
  if (first === "num_images") return "numImages";
  if (first === "seed") return "seed";
  return "prompt";
}

/** "Reuse settings": a result's prompt, size, count and seed back into the form, seed locked. */
export function settingsFromGeneration(generation: GenerationView, current: FormSettings): FormSettings {
  const { image_size: size, num_images: numImages, enable_safety_checker: safety } = generation.parameters;
  const seed = generation.seed ?? generation.parameters.seed ?? null;
  return {
    ...current,
    prompt: generation.prompt,
    size:
      size === undefined
        ? DEFAULT_FORM_SETTINGS.size
        : typeof size === "string"
          ? { kind: "preset", preset: size }
          : { kind: "custom", width: size.width, height: size.height },
    numImages: numImages ?? 1,
    seed,
    seedLocked: seed !== null,
    safetyChecker: safety ?? true,
  };
}

/** After a run an unlocked seed goes back to random; the prompt and everything else stay. */
export function formAfterRun(form: FormSettings): FormSettings {
  return form.seedLocked ? form : { ...form, seed: null };
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

function clampSide(value: number): number {
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

/** A seed the provider accepts (1…2147483647); `random` returns [0, 1) like Math.random. */
export function randomSeed(random: () => number = Math.random): number {
  return 1 + Math.floor(random() * SEED_MAX);
}

function isPositive(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}
