"use client";

import { useId, useState } from "react";
import { FIELD_LABEL } from "@/components/ui/field";
import { RadioTile } from "@/components/ui/radio-tile";
import { MODEL_SPECS, STUDIO_MODELS } from "@/lib/shared/seedream/models";
import type { FormSettings } from "./form-settings";
import { switchModel } from "./model-switch";

interface ModelPickerProps {
  form: FormSettings;
  /** The tray's count: a model that takes fewer says so when chosen. */
  inputCount: number;
  onFormChange: (form: FormSettings) => void;
  /** In the composer's row of per-run choices: the names only, the limits read out. */
  compact?: boolean;
}

/**
 * Which Seedream runs, v4 first. Choosing another keeps the prompt, tray and seed, and says in
 * sentences (read out) what the new model could not keep as it was.
 */
export function ModelPicker({ form, inputCount, onFormChange, compact = false }: ModelPickerProps) {
  const id = useId();
  const [notes, setNotes] = useState<string[]>([]);
  return (
    <fieldset className="flex min-w-0 flex-col gap-2">
      <legend className={compact ? "sr-only" : `${FIELD_LABEL} mb-2`}>Model</legend>
      <div className={compact ? "flex gap-1" : "grid grid-cols-3 gap-2"}>
        {STUDIO_MODELS.map((model) => (
          <RadioTile
            key={model}
            name={id}
            checked={form.model === model}
            onSelect={() => {
              const next = switchModel(form, model, inputCount);
              setNotes(next.notes);
              onFormChange(next.form);
            }}
            labelledBy={`${id}-${model}`}
            describedBy={`${id}-${model}-limits`}
            className="flex flex-col gap-0.5 rounded-lg border pointer-coarse:min-h-11 pointer-coarse:justify-center border-zinc-200 bg-white px-2 py-1.5 text-zinc-700 hover:border-zinc-400 has-[:checked]:border-sky-600 has-[:checked]:bg-sky-50 has-[:checked]:text-sky-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:has-[:checked]:border-sky-400 dark:has-[:checked]:bg-sky-950/60 dark:has-[:checked]:text-sky-100"
          >
            <span id={`${id}-${model}`} className="text-xs font-medium">
              {MODEL_SPECS[model].name}
            </span>
            <span id={`${id}-${model}-limits`} className={compact ? "sr-only" : "text-[11px] text-zinc-600 dark:text-zinc-400"}>
              up to {MODEL_SPECS[model].inputsMax} inputs
            </span>
          </RadioTile>
        ))}
      </div>
      <div aria-live="polite" className="flex flex-col gap-1">
        {notes.map((note) => (
          <p key={note} className="text-xs leading-snug text-amber-800 dark:text-amber-300">
            {note}
          </p>
        ))}
      </div>
    </fieldset>
  );
}
