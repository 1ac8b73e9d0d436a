"use client";

import { useId, useState, type ReactNode, type RefObject } from "react";
import { describedBy, FIELD_LABEL, FieldProblem } from "@/components/ui/field";
import { IconButton } from "@/components/ui/icon-button";
import { LinkIcon } from "@/components/ui/panel-icons";
import { NumberInput } from "@/components/ui/number-input";
import { RadioTile } from "@/components/ui/radio-tile";
import { ONE_IMAGE_SIDE_MIN, ONE_IMAGE_TIERS, PRESET_PIXELS, SIDE_MAX, SIDE_MIN, SIZE_PRESETS, TIER_PIXELS } from "@/lib/shared/seedream/limits";
import { Shape } from "./size-shape";
import { customSizeFrom, PRESET_NAMES, resizeKeepingAspect, type FormField, type Side, type SizeChoice } from "./form-settings";

type Pixels = { width: number; height: number };

interface SizePickerProps {
  /** v4 offers its six presets from 1024; the newer models 2K and 4K, and custom sides from 1440. */
  oneImageModel?: boolean;
  size: SizeChoice;
  lockAspect: boolean;
  problems: Partial<Record<Extract<FormField, "size" | "width" | "height">, string>>;
  widthRef?: RefObject<HTMLInputElement | null>;
  heightRef?: RefObject<HTMLInputElement | null>;
  onSizeChange: (size: SizeChoice) => void;
  onLockAspectChange: (locked: boolean) => void;
}

const TILE =
  "flex flex-col items-center gap-1 rounded-lg border border-zinc-200 bg-white px-1 py-2 text-center text-zinc-700 transition-colors hover:border-zinc-400 has-[:checked]:border-sky-600 has-[:checked]:bg-sky-50 has-[:checked]:text-sky-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:border-zinc-500 dark:has-[:checked]:border-sky-400 dark:has-[:checked]:bg-sky-950/60 dark:has-[:checked]:text-sky-100";

type Tile = { key: string; choice: SizeChoice; name: string; pixels: Pixels };

const V4_TILES: Tile[] = SIZE_PRESETS.map((preset) => ({ key: preset, choice: { kind: "preset", preset }, name: PRESET_NAMES[preset], pixels: PRESET_PIXELS[preset] }));
const TIER_TILES: Tile[] = ONE_IMAGE_TIERS.map((tier) => ({ key: tier, choice: { kind: "tier", tier }, name: tier, pixels: TIER_PIXELS[tier] }));

/** The model's named sizes, each with its shape and pixels, and "Custom" with its own width and height. */
export function SizePicker({ oneImageModel = false, size, lockAspect, problems, widthRef, heightRef, onSizeChange, onLockAspectChange }: SizePickerProps) {
  const tiles = oneImageModel ? TIER_TILES : V4_TILES;
  const sideMin = oneImageModel ? ONE_IMAGE_SIDE_MIN : SIDE_MIN;
  const id = useId();
  const ids = {
    problem: `${id}-problem`,
    width: `${id}-width`,
    height: `${id}-height`,
    hint: `${id}-hint`,
    widthProblem: `${id}-width-problem`,
    heightProblem: `${id}-height-problem`,
  };
  // The last custom size, restored when "Custom" is chosen again after trying a preset.
  const [lastCustom, setLastCustom] = useState<Pixels | null>(null);
  // With the lock on, the shape to keep survives in-between values ("4" on the way to "4096").
  const [kept, setKept] = useState<{ shape: Pixels; made: Pixels } | null>(null);

  const custom = size.kind === "custom" ? { width: size.width, height: size.height } : null;
  const customShape = custom && isDrawable(custom) ? custom : (lastCustom ?? { width: 1, height: 1 });

  const choosePreset = (choice: SizeChoice) => {
    if (custom) setLastCustom(custom);
    onSizeChange(choice);
  };
  const chooseCustom = () => {
    if (size.kind === "custom") return;
    const start = size.kind === "tier" ? TIER_PIXELS[size.tier] : customSizeFrom(PRESET_PIXELS[size.preset]);
    onSizeChange({ kind: "custom", ...(lastCustom ?? start) });
  };
  const setSide = (side: Side, value: number) => {
    if (!custom) return;
    const shape = kept && samePixels(kept.made, custom) ? kept.shape : custom;
    const next =
      lockAspect && Number.isFinite(value)
        ? resizeKeepingAspect(shape.width, shape.height, side, value)
        : { ...custom, [side]: value };
    if (lockAspect) setKept({ shape, made: next });
    onSizeChange({ kind: "custom", ...next });
  };

  const sameProblem = problems.width !== undefined && problems.width === problems.height;

  return (
    <fieldset className="flex min-w-0 flex-col gap-2" aria-describedby={describedBy(problems.size && ids.problem)}>
      <legend className={`${FIELD_LABEL} mb-2`}>Size</legend>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(5.25rem,1fr))] gap-2">
        {tiles.map(({ key, choice, name, pixels }) => (
          <RadioTile
            key={key}
            name={id}
            checked={sameChoice(size, choice)}
            onSelect={() => choosePreset(choice)}
            labelledBy={`${id}-${key}-name`}
            describedBy={`${id}-${key}-pixels`}
            className={TILE}
          >
            <Shape {...pixels} />
            <span id={`${id}-${key}-name`} className="text-xs leading-tight font-medium">
              {name}
            </span>
            <PixelCount id={`${id}-${key}-pixels`} {...pixels} />
          </RadioTile>
        ))}
        <RadioTile
          name={id}
          checked={size.kind === "custom"}
          onSelect={chooseCustom}
          labelledBy={`${id}-custom-name`}
          describedBy={custom ? `${id}-custom-pixels` : undefined}
          className={TILE}
        >
          <Shape {...customShape} dashed />
          <span id={`${id}-custom-name`} className="text-xs leading-tight font-medium">
            Custom
          </span>
          {custom && isDrawable(custom) ? (
            <PixelCount id={`${id}-custom-pixels`} {...custom} />
          ) : (
            <span className="text-[11px] text-zinc-600 dark:text-zinc-400">
              {sideMin}–{SIDE_MAX}
            </span>
          )}
        </RadioTile>
      </div>
      <FieldProblem id={ids.problem} problem={problems.size} />

      {custom && (
        <div className="flex flex-col gap-1.5">
          <div className="flex flex-wrap items-end gap-2">
            <SideField id={ids.width} label="Width">
              <NumberInput
                ref={widthRef}
                id={ids.width}
                value={finiteOrNull(custom.width)}
                onValueChange={(value) => setSide("width", value ?? Number.NaN)}
                min={sideMin}
                max={SIDE_MAX}
                step={64}
                aria-invalid={problems.width ? true : undefined}
                aria-describedby={describedBy(ids.hint, problems.width && ids.widthProblem)}
                className="w-full"
              />
            </SideField>
            <span aria-hidden className="pb-2 text-sm text-zinc-500 dark:text-zinc-400">
              ×
            </span>
            <SideField id={ids.height} label="Height">
              <NumberInput
                ref={heightRef}
                id={ids.height}
                value={finiteOrNull(custom.height)}
                onValueChange={(value) => setSide("height", value ?? Number.NaN)}
                min={sideMin}
                max={SIDE_MAX}
                step={64}
                aria-invalid={problems.height ? true : undefined}
                aria-describedby={describedBy(
                  ids.hint,
                  problems.height && (sameProblem ? ids.widthProblem : ids.heightProblem),
                )}
                className="w-full"
              />
            </SideField>
            <IconButton label="Keep aspect ratio" pressed={lockAspect} onClick={() => onLockAspectChange(!lockAspect)}>
              <LinkIcon broken={!lockAspect} />
            </IconButton>
          </div>
          <p id={ids.hint} className="text-xs text-zinc-600 dark:text-zinc-400">
            A custom size is {sideMin}–{SIDE_MAX} pixels a side (the presets are the service&apos;s own sizes, some smaller); the
            arrow keys step by 64.
          </p>
          <FieldProblem id={ids.widthProblem} problem={problems.width} />
          {!sameProblem && <FieldProblem id={ids.heightProblem} problem={problems.height} />}
        </div>
      )}
    </fieldset>
  );
}

function SideField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="flex w-24 flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children}
    </div>
  );
}

function PixelCount({ id, width, height }: Pixels & { id: string }) {
  return (
    <span id={id} className="text-[11px] tabular-nums text-zinc-600 dark:text-zinc-400">
      {width} × {height}
    </span>
  );
}

function isDrawable({ width, height }: Pixels): boolean {
  return Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0;
}

function samePixels(a: Pixels, b: Pixels): boolean {
  return Object.is(a.width, b.width) && Object.is(a.height, b.height);
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function sameChoice(a: SizeChoice, b: SizeChoice): boolean {
  if (a.kind === "preset" && b.kind === "preset") return a.preset === b.preset;
  return a.kind === "tier" && b.kind === "tier" && a.tier === b.tier;
}
