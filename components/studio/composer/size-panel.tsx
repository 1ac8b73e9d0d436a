"use client";

import { useId, type ReactNode } from "react";
import { FIELD_LABEL } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import type { SizeMenuProps } from "./size-menu";
import { SizePicker } from "./size-picker";

/** Inside the size button's panel: "match input aspect" for an edit, then the presets and Custom. */
export function SizePanel(props: SizeMenuProps) {
  const matchId = useId();
  const { input } = props;
  return (
    <div className="flex flex-col gap-4">
      {input && (
        <Row
          label={
            <label htmlFor={matchId} className={FIELD_LABEL}>
              Match input aspect
            </label>
          }
          hint={`The result takes image 1's shape (${input.width}×${input.height}) instead of the size below.`}
        >
          <Switch id={matchId} checked={props.matchInputAspect} onCheckedChange={props.onMatchInputAspectChange} />
        </Row>
      )}
      <SizePicker
        oneImageModel={props.oneImageModel}
        size={props.size}
        lockAspect={props.lockAspect}
        problems={props.problems}
        widthRef={props.widthRef}
        heightRef={props.heightRef}
        onSizeChange={props.onSizeChange}
        onLockAspectChange={props.onLockAspectChange}
      />
    </div>
  );
}

function Row({ label, hint, children }: { label: ReactNode; hint: string; children: ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-4">
      <div className="flex min-w-0 flex-col gap-0.5">
        {label}
        <span className="text-xs text-zinc-600 dark:text-zinc-400">{hint}</span>
      </div>
      {children}
    </div>
  );
}
