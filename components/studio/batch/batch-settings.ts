import type { FormSettings } from "@/components/studio/composer/form-settings";
import { toGenerationSettings } from "@/components/studio/composer/form-check";
import type { StudioModel } from "@/lib/shared/seedream/models";
import type { AnySettings } from "@/lib/shared/seedream/settings";

export interface BatchSettings {
  model: StudioModel;
  settings: AnySettings;
}

/** The composer's model, size, count, seed and safety choice with the batch's own prompt, for one input; a sentence when they do not hold. */
export function batchSettings(form: FormSettings, prompt: string): BatchSettings | string {
  const checked = toGenerationSettings({ ...form, prompt }, 1);
  if (checked.ok) return { model: form.model, settings: checked.settings };
  const [problem] = Object.values(checked.problems);
  return problem ?? "The settings are not valid.";
}
