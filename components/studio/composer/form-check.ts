import { ONE_IMAGE_PIXELS_MIN, ONE_IMAGE_SIDE_MIN, SIDE_MAX } from "@/lib/shared/seedream/limits";
import { MODEL_SPECS } from "@/lib/shared/seedream/models";
import { SETTINGS_BY_MODEL, type AnySettings } from "@/lib/shared/seedream/settings";
import { clampSide, customSizeFrom, type FormField, type FormSettings } from "./form-settings";

/**
 * The form checked against the contract's `GenerationSettings`: the same zod schema the server
 * action and the fake API use. It is the composer's only use of zod, so it arrives just after the
 * first paint (composer-checks-lazy.ts) and Generate waits for it if pressed sooner.
 */
export type FormCheck =
  | { ok: true; settings: AnySettings }
  | { ok: false; problems: Partial<Record<FormField, string>> };

/**
 * The form as the chosen model's settings. `inputCount` is the tray's: a tray over the model's
 * limit (after a switch from 4.5 to v4, say) is a problem like any field's, and nothing is sent.
 * `firstInput` is the first input's pixels, for an edit: with "match input aspect" on, the result
 * takes its shape (scaled into the model's sizes) whatever size is chosen.
 */
export function toGenerationSettings(form: FormSettings, inputCount = 0, firstInput: { width: number; height: number } | null = null): FormCheck {
  const v4 = form.model === "seedream-v4";
  const size = form.size;
  const matched = firstInput && form.matchInputAspect ? matchedSize(firstInput, v4) : null;
  const candidate = {
    prompt: form.prompt,
    image_size: matched ?? (size.kind === "preset" ? size.preset : size.kind === "tier" ? size.tier : { width: size.width, height: size.height }),
    num_images: form.numImages,
    ...(form.seed === null ? {} : { seed: form.seed }),
    ...(v4 ? { enable_safety_checker: form.safetyChecker } : { watermark: form.watermark }),
  };
  const parsed = SETTINGS_BY_MODEL[form.model].safeParse(candidate);
  const { inputsMax, name } = MODEL_SPECS[form.model];
  const trayProblem =
    inputCount > inputsMax
      ? `${name} takes at most ${inputsMax} input images; remove ${inputCount - inputsMax} from the tray to generate.`
      : undefined;
  if (parsed.success && !trayProblem) return { ok: true, settings: parsed.data };

  const problems: Partial<Record<FormField, string>> = {};
  if (trayProblem) problems.inputs = trayProblem;
  for (const issue of parsed.error?.issues ?? []) {
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

/**
 * An input's shape at a size the model takes: v4 within 1024–4096 a side; 4.5 and 5.0 Lite also at
 * their minimum pixel count and side, grown further while the long side still fits.
 */
function matchedSize(input: { width: number; height: number }, v4: boolean): { width: number; height: number } {
  const scaled = customSizeFrom(input);
  if (v4) return scaled;
  const grow = Math.max(1, Math.sqrt(ONE_IMAGE_PIXELS_MIN / (scaled.width * scaled.height)), ONE_IMAGE_SIDE_MIN / Math.min(scaled.width, scaled.height));
  const scale = Math.min(grow, SIDE_MAX / Math.max(scaled.width, scaled.height));
  return { width: clampSide(Math.ceil(scaled.width * scale)), height: clampSide(Math.ceil(scaled.height * scale)) };
}
