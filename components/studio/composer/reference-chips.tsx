"use client";

import { useId } from "react";
import { sourceLabel } from "@/components/studio/tray/tray-state";
import type { TrayItem } from "@/components/studio/tray/use-tray";

interface ReferenceChipsProps {
  /** The tray's numbered inputs, "Image 1" first. */
  items: TrayItem[];
  onInsert: (number: number) => void;
}

/**
 * One chip per input, under the prompt: activating it writes "image N" where the caret is, so the
 * prompt names the inputs the way the edit model reads them.
 */
export function ReferenceChips({ items, onInsert }: ReferenceChipsProps) {
  const labelId = useId();
  if (items.length === 0) return null;
  return (
    <div role="group" aria-labelledby={labelId} className="flex flex-wrap items-center gap-1.5 compact:hidden">
      <span id={labelId} className="text-xs text-zinc-600 dark:text-zinc-300">
        Insert:
      </span>
      {items.map((item, index) => {
        const number = index + 1;
        const thumbnail = item.image?.thumbnailUrl ?? item.previewUrl;
        return (
          <button
            key={item.key}
            type="button"
            // A click must not take the focus: the caret stays in the prompt where the words go.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onInsert(number)}
            aria-label={`Insert image ${number}`}
            title={`Insert “image ${number}”: ${sourceLabel(item.source)}`}
            className="inline-flex h-7 items-center gap-1.5 rounded-full border pointer-coarse:h-11 border-zinc-300 bg-white py-0.5 pr-2.5 pl-0.5 text-xs font-medium text-zinc-800 transition-colors hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:hover:bg-zinc-800"
          >
            {thumbnail && <img src={thumbnail} alt="" draggable={false} className="size-6 rounded-full bg-zinc-100 object-cover dark:bg-zinc-800" />}
            Image {number}
          </button>
        );
      })}
    </div>
  );
}
