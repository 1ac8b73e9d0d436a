import { toGenerationSettings, type FormSettings } from "@/components/studio/composer/form-settings";
import type { GenerationSettings } from "@/lib/shared/seedream/schema";

/** The composer's size, count, seed and safety choice with the batch's own prompt; a sentence when they do not hold. */
export function batchSettings(form: FormSettings, prompt: string): GenerationSettings | string {
  const checked = toGenerationSettings({ ...form, prompt });
  if (checked.ok) return checked.settings;
  const [problem] = Object.values(checked.problems);
  return problem ?? "The settings are not valid.";
}
