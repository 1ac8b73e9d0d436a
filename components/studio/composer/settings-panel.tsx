"use client";

import type { MoreSettingsProps } from "./more-settings";
import { SafetySwitch } from "./safety-switch";
import { SeedField } from "./seed-field";

/** Inside "More settings": the seed and the safety checker. */
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
      <SafetySwitch checked={form.safetyChecker} onCheckedChange={(safetyChecker) => onChange({ safetyChecker })} />
    </div>
  );
}
