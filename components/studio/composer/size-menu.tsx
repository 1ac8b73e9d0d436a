"use client";

import type { Ref, RefObject } from "react";
import { Popover } from "@/components/ui/popover";
import { customSizeFrom, PRESET_NAMES, pixelsOf, type FormField, type SizeChoice } from "./form-settings";
import { SizePanel } from "./composer-panels-lazy";
import { Shape } from "./size-shape";

export interface SizeMenuProps {
  size: SizeChoice;
  /** 4.5 and 5.0 Lite: the 2K/4K tiers instead of v4's presets. */
  oneImageModel: boolean;
  lockAspect: boolean;
  problems: Partial<Record<Extract<FormField, "size" | "width" | "height">, string>>;
  widthRef: RefObject<HTMLInputElement | null>;
  heightRef: RefObject<HTMLInputElement | null>;
  panelRef: Ref<HTMLDivElement>;
  /** The first input's pixels, when the next run is an edit. */
  input: { width: number; height: number } | null;
  matchInputAspect: boolean;
  onSizeChange: (size: SizeChoice) => void;
  onLockAspectChange: (locked: boolean) => void;
  onMatchInputAspectChange: (match: boolean) => void;
  className: string;
}

/** The size as one compact button (its shape and name); the presets and Custom open above it. */
export function SizeMenu(props: SizeMenuProps) {
  const { size, input, matchInputAspect, className } = props;
  const matching = input !== null && matchInputAspect;
  const shown = matching ? customSizeFrom(input) : pixelsOf(size);
  const name = matching
    ? "Match input"
    : size.kind === "preset"
      ? PRESET_NAMES[size.preset]
      : size.kind === "tier"
        ? size.tier
        : `${size.width}×${size.height}`;
  const invalid = Object.keys(props.problems).length > 0;
  return (
    <Popover
      label="Size"
      buttonLabel={`Size: ${name}`}
      buttonClassName={`${className} ${invalid ? "border-red-600 dark:border-red-400" : ""}`}
      panelRef={props.panelRef}
      panelClassName="sm:w-[26rem]"
      button={
        <>
          <Shape {...(Number.isFinite(shown.width) && Number.isFinite(shown.height) ? shown : { width: 1, height: 1 })} />
          <span className="max-w-28 truncate max-sm:sr-only">{name}</span>
        </>
      }
    >
      <SizePanel {...props} />
    </Popover>
  );
}
