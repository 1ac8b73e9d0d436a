"use client";

import { useId } from "react";
import { FIELD_LABEL } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";

/** The provider's safety checker (`enable_safety_checker`), on unless a person turns it off. */
export function SafetySwitch({ checked, onCheckedChange }: { checked: boolean; onCheckedChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div className="flex items-center justify-between gap-4">
      <div className="flex min-w-0 flex-col gap-0.5">
        <label htmlFor={id} className={FIELD_LABEL}>
          Safety checker
        </label>
        <span id={`${id}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
          The provider screens results for unsafe content.
        </span>
      </div>
      <Switch id={id} checked={checked} onCheckedChange={onCheckedChange} aria-describedby={`${id}-hint`} />
    </div>
  );
}
