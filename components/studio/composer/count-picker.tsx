"use client";

import { useId } from "react";
import { describedBy, FIELD_LABEL, FieldProblem } from "@/components/ui/field";
import { RadioTile } from "@/components/ui/radio-tile";
import { NUM_IMAGES_MAX } from "@/lib/shared/seedream/limits";

const COUNTS = Array.from({ length: NUM_IMAGES_MAX }, (_, index) => index + 1);

/** How many images one run makes, as a segmented radio group "Images". */
export function CountPicker({ value, problem, note, onChange, compact = false }: { value: number; problem?: string; note?: string; onChange: (count: number) => void; compact?: boolean }) {
  const id = useId();
  return (
    <fieldset className="flex min-w-0 flex-col" aria-describedby={describedBy(note && `${id}-note`, problem && `${id}-problem`)}>
      <legend className={compact ? "sr-only" : `${FIELD_LABEL} mb-1.5`}>Images</legend>
      <div className="inline-flex w-fit gap-0.5 rounded-lg border border-zinc-300 bg-zinc-100 p-0.5 dark:border-zinc-700 dark:bg-zinc-950">
        {COUNTS.map((count) => (
          <RadioTile
            key={count}
            name={id}
            checked={value === count}
            onSelect={() => onChange(count)}
            className="grid size-8 place-items-center pointer-coarse:size-11 rounded-md text-sm font-medium tabular-nums text-zinc-700 transition-colors hover:bg-white has-[:checked]:bg-sky-700 has-[:checked]:text-white dark:text-zinc-300 dark:hover:bg-zinc-800 dark:has-[:checked]:bg-sky-500 dark:has-[:checked]:text-zinc-950"
          >
            <span aria-hidden={compact}>{compact ? `${count}×` : count}</span>
            {compact && <span className="sr-only">{count}</span>}
          </RadioTile>
        ))}
      </div>
      {note && (
        <p id={`${id}-note`} className="mt-1.5 max-w-48 text-xs leading-snug text-zinc-600 dark:text-zinc-400">
          {note}
        </p>
      )}
      <FieldProblem id={`${id}-problem`} problem={problem} className="mt-1.5" />
    </fieldset>
  );
}
