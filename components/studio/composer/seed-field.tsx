"use client";

import { useId, type RefObject } from "react";
import { describedBy, FIELD_LABEL, FieldProblem } from "@/components/ui/field";
import { IconButton } from "@/components/ui/icon-button";
import { DiceIcon, LockIcon } from "@/components/ui/panel-icons";
import { NumberInput } from "@/components/ui/number-input";
import { SEED_MAX } from "@/lib/shared/seedream/limits";
import { randomSeed } from "./form-settings";

interface SeedFieldProps {
  /** null = a random seed each run. */
  seed: number | null;
  locked: boolean;
  problem?: string;
  inputRef?: RefObject<HTMLInputElement | null>;
  onSeedChange: (seed: number | null) => void;
  onLockedChange: (locked: boolean) => void;
}

/** The seed: empty for a random one, kept across runs with the lock, or drawn with the dice. */
export function SeedField({ seed, locked, problem, inputRef, onSeedChange, onLockedChange }: SeedFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  return (
    <div className="flex min-w-[13rem] flex-1 flex-col gap-1.5">
      <label htmlFor={id} className={FIELD_LABEL}>
        Seed
      </label>
      <div className="flex gap-1.5">
        <NumberInput
          ref={inputRef}
          id={id}
          value={seed}
          onValueChange={onSeedChange}
          placeholder="Random"
          min={1}
          max={SEED_MAX}
          step={1}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy(hintId, problem && problemId)}
          className="w-full flex-1"
        />
        <IconButton label="Keep seed" pressed={locked} onClick={() => onLockedChange(!locked)}>
          <LockIcon open={!locked} />
        </IconButton>
        <IconButton label="Random seed" onClick={() => onSeedChange(randomSeed())}>
          <DiceIcon />
        </IconButton>
      </div>
      <p id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
        {seed === null ? "Empty: a random seed each run." : locked ? "Kept for every run." : "Used for the next run, then cleared."}
      </p>
      <FieldProblem id={problemId} problem={problem} />
    </div>
  );
}
