"use client";

import type { MoreSettingsProps } from "./more-settings";
import { MODEL_SPECS } from "@/lib/shared/seedream/models";
import { SafetySwitch, WatermarkSwitch } from "./safety-switch";
import { SeedField } from "./seed-field";

/** Inside "More settings": the seed, and v4's safety checker or the newer models' watermark. */
export function SettingsPanel({ form, seedProblem, seedRef, onChange }: Pick<MoreSettingsProps, "form" | "seedProblem" | "seedRef" | "onChange">) {
  return (
    <div className="flex flex-col gap-4">
      <SeedField
        seed={form.seed}
        locked={form.seedLocked}
        problem={seedProblem}
        inputRef={seedRef}
        onSeedChange={(seed) => onChange({ seed })}
        onLockedChange={(seedLocked) => onChange({ seedLocked })}
      />
      {MODEL_SPECS[form.model].oneImagePerCall ? (
        <WatermarkSwitch checked={form.watermark} onCheckedChange={(watermark) => onChange({ watermark })} />
      ) : (
        <SafetySwitch checked={form.safetyChecker} onCheckedChange={(safetyChecker) => onChange({ safetyChecker })} />
      )}
    </div>
  );
}
