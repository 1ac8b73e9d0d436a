"use client";

import { useId } from "react";
import { FIELD_LABEL } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";

interface SettingSwitchProps {
  label: string;
  hint: string;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
}

/** A model's on/off setting: a label, one line on what it does, and the switch. */
function SettingSwitch({ label, hint, checked, onCheckedChange }: SettingSwitchProps) {
  const id = useId();
  return (
    <div className="flex items-center justify-between gap-4">
      <div className="flex min-w-0 flex-col gap-0.5">
        <label htmlFor={id} className={FIELD_LABEL}>
          {label}
        </label>
        <span id={`${id}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </span>
      </div>
      <Switch id={id} checked={checked} onCheckedChange={onCheckedChange} aria-describedby={`${id}-hint`} />
    </div>
  );
}

/** v4's safety checker (`enable_safety_checker`), on unless a person turns it off. */
export function SafetySwitch(props: Pick<SettingSwitchProps, "checked" | "onCheckedChange">) {
  return <SettingSwitch label="Safety checker" hint="The provider screens results for unsafe content." {...props} />;
}

/** 4.5 and 5.0 Lite's `watermark`, off unless a person turns it on. */
export function WatermarkSwitch(props: Pick<SettingSwitchProps, "checked" | "onCheckedChange">) {
  return <SettingSwitch label="Watermark" hint="The provider adds an invisible watermark to each image." {...props} />;
}
