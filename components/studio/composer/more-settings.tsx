"use client";

import type { Ref, RefObject } from "react";
import { SlidersIcon } from "@/components/ui/icons";
import { Popover } from "@/components/ui/popover";
import { MODEL_SPECS } from "@/lib/shared/seedream/models";
import type { FormSettings } from "./form-settings";
import { SettingsPanel } from "./composer-panels-lazy";

export interface MoreSettingsProps {
  form: FormSettings;
  seedProblem?: string;
  seedRef: RefObject<HTMLInputElement | null>;
  panelRef: Ref<HTMLDivElement>;
  onChange: (patch: Partial<FormSettings>) => void;
  className: string;
}

/** What most runs leave alone (the seed, the safety checker or watermark), one click away from the prompt. */
export function MoreSettings({ form, seedProblem, seedRef, panelRef, onChange, className }: MoreSettingsProps) {
  const changed = form.seed !== null || (MODEL_SPECS[form.model].oneImagePerCall ? form.watermark : !form.safetyChecker);
  return (
    <Popover
      label="More settings"
      buttonLabel="More settings"
      buttonClassName={`${className} ${seedProblem ? "border-red-600 dark:border-red-400" : ""}`}
      panelRef={panelRef}
      panelClassName="sm:w-80"
      button={
        <>
          <SlidersIcon />
          {changed && <span aria-hidden className="size-1.5 rounded-full bg-sky-600 dark:bg-sky-400" />}
        </>
      }
    >
      <SettingsPanel form={form} seedProblem={seedProblem} seedRef={seedRef} onChange={onChange} />
    </Popover>
  );
}
