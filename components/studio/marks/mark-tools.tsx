"use client";

import { LABEL_MAX_CHARS, MARK_COLOURS, type MarkColour } from "@/lib/shared/marks/marks";
import { Button } from "@/components/ui/button";
import type { MarkTool } from "./mark-canvas";

const TOOLS: Array<{ tool: MarkTool; label: string }> = [
  { tool: "brush", label: "Brush" },
  { tool: "box", label: "Box" },
  { tool: "arrow", label: "Arrow" },
  { tool: "label", label: "Label" },
];

const FIELD = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

interface MarkToolsProps {
  tool: MarkTool;
  onToolChange: (tool: MarkTool) => void;
  colour: MarkColour;
  onColourChange: (colour: MarkColour) => void;
  brushRadius: number;
  brushMax: number;
  onBrushRadiusChange: (radius: number) => void;
  labelText: string;
  onLabelTextChange: (text: string) => void;
  canUndo: boolean;
  canRedo: boolean;
  canClear: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onClear: () => void;
}

/** What to draw with: the tool, its colour and size, a label's words; and undo, redo, clear. */
export function MarkTools(props: MarkToolsProps) {
  return (
    <div className="flex flex-col gap-3">
      <fieldset className="flex flex-wrap gap-1">
        <legend className="mb-1 text-sm font-medium">Tool</legend>
        {TOOLS.map(({ tool, label }) => (
          <label
            key={tool}
            className="cursor-pointer rounded-md border border-zinc-300 px-2.5 py-1 text-sm has-checked:border-sky-700 has-checked:bg-sky-700 has-checked:text-white has-focus-visible:outline-2 has-focus-visible:outline-sky-500 dark:border-zinc-700"
          >
            <input type="radio" name="mark-tool" value={tool} checked={props.tool === tool} onChange={() => props.onToolChange(tool)} className="sr-only" />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-2">
          Colour
          <select value={props.colour} onChange={(event) => props.onColourChange(event.target.value as MarkColour)} className={FIELD}>
            {Object.keys(MARK_COLOURS).map((colour) => (
              <option key={colour} value={colour}>
                {colour}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2">
          Brush size
          <input
            type="range"
            min={1}
            max={props.brushMax}
            value={props.brushRadius}
            onChange={(event) => props.onBrushRadiusChange(Number(event.target.value))}
          />
        </label>
      </div>
      <label className="flex flex-col gap-1 text-sm">
        Label text
        <input
          type="text"
          value={props.labelText}
          maxLength={LABEL_MAX_CHARS}
          onChange={(event) => props.onLabelTextChange(event.target.value)}
          placeholder="e.g. sky"
          className={FIELD}
        />
      </label>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" className="px-3 py-1" onClick={props.onUndo} disabled={!props.canUndo} aria-keyshortcuts="Control+Z">
          Undo
        </Button>
        <Button variant="secondary" className="px-3 py-1" onClick={props.onRedo} disabled={!props.canRedo} aria-keyshortcuts="Control+Shift+Z">
          Redo
        </Button>
        <Button variant="secondary" className="px-3 py-1" onClick={props.onClear} disabled={!props.canClear}>
          Clear
        </Button>
      </div>
    </div>
  );
}
