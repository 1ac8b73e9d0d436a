import { ONE_IMAGE_PIXELS_MIN, ONE_IMAGE_SIDE_MIN, TIER_PIXELS } from "@/lib/shared/seedream/limits";
import { fitOneImage } from "@/lib/shared/seedream/translate";
import { MODEL_SPECS, type StudioModel } from "@/lib/shared/seedream/models";
import { PRESET_NAMES, type FormSettings, type SizeChoice } from "./form-settings";

export { fitOneImage };

/**
 * Changing the model keeps what both models take (prompt, tray, seed, count, a custom size that
 * fits) and says, one sentence each, what it could not keep as it was.
 */
export interface ModelSwitch {
  form: FormSettings;
  notes: string[];
}

export function switchModel(form: FormSettings, to: StudioModel, inputCount: number): ModelSwitch {
  if (form.model === to) return { form, notes: [] };
  const from = MODEL_SPECS[form.model];
  const spec = MODEL_SPECS[to];
  const notes: string[] = [];
  const size = sizeFor(form.size, to);
  if (size.note) notes.push(size.note);
  if (spec.oneImagePerCall && form.numImages > 1) notes.push(callsSentence(to, form.numImages));
  if (from.oneImagePerCall === false && spec.oneImagePerCall) {
    notes.push(`The safety checker is a v4 setting; ${spec.short} has none.`);
  }
  if (from.oneImagePerCall && to === "seedream-v4" && form.watermark) {
    notes.push(`The watermark is a ${from.short} setting; v4 adds none.`);
  }
  if (inputCount > spec.inputsMax) {
    notes.push(`The tray holds ${inputCount} images and ${spec.name} takes at most ${spec.inputsMax}: remove ${inputCount - spec.inputsMax} to generate.`);
  }
  return { form: { ...form, model: to, size: size.choice }, notes };
}

/** "4.5 makes one image per call: 3 images = 3 calls". */
export function callsSentence(model: StudioModel, images: number): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${MODEL_SPECS[model].short} makes one image per call: ${count(images, "image")} = ${count(images, "call")}`;
}

function sizeFor(size: SizeChoice, to: StudioModel): { choice: SizeChoice; note?: string } {
  const short = MODEL_SPECS[to].short;
  if (to === "seedream-v4") {
    if (size.kind !== "tier") return { choice: size };
    const { width, height } = TIER_PIXELS[size.tier];
    return { choice: { kind: "custom", width, height }, note: `v4 has no ${size.tier} preset: the size is now a custom ${width} × ${height}.` };
  }
  if (size.kind === "tier") return { choice: size };
  if (size.kind === "preset") {
    return { choice: { kind: "tier", tier: "2K" }, note: `${PRESET_NAMES[size.preset]} is a v4 size; ${short} draws 2K instead.` };
  }
  const grown = fitOneImage(size.width, size.height);
  if (grown.width === size.width && grown.height === size.height) return { choice: size };
  return {
    choice: { kind: "custom", ...grown },
    note: `${short} draws at least ${ONE_IMAGE_SIDE_MIN} pixels a side and ${(ONE_IMAGE_PIXELS_MIN / 1e6).toFixed(2)} MP: the size is now ${grown.width} × ${grown.height}.`,
  };
}
