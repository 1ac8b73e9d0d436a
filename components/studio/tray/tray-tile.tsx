"use client";

import type { DraggableAttributes, DraggableSyntheticListeners } from "@dnd-kit/core";
import type { CSSProperties, KeyboardEvent, ReactNode } from "react";
import { sourceLabel } from "@/components/studio/tray/tray-state";
import type { TrayItem } from "./use-tray";
import { MarkButton } from "@/components/studio/marks/marks-provider";

/** Which control keeps the focus after a keyboard move: the tile moves, the focus goes with it. */
export type TrayControl = "earlier" | "later" | "handle";

/** What dnd-kit's useSortable gives a tile, once the tray has something to sort (sortable-tray.tsx). */
export interface SortableBinding {
  attributes: DraggableAttributes;
  listeners: DraggableSyntheticListeners;
  setNodeRef: (node: HTMLElement | null) => void;
  setActivatorNodeRef: (node: HTMLElement | null) => void;
  style: CSSProperties;
  isDragging: boolean;
}

export interface TrayTileProps {
  item: TrayItem;
  /** 1-based: the number the model sees. */
  number: number;
  count: number;
  /** A pointer or keyboard drag is in progress somewhere in the tray. */
  dragging: boolean;
  onMove: (delta: -1 | 1, control: TrayControl) => void;
  onRemove: () => void;
  /** Absent while the tray holds one image, or while the sorting code is still on its way. */
  sortable?: SortableBinding;
}

/** On a touch screen the tile itself drags (after a short hold), so the arrows give way to it. */
const SMALL_BUTTON =
  "pointer-coarse:hidden inline-flex size-6 shrink-0 items-center justify-center rounded-md text-zinc-700 transition-colors hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-500 disabled:cursor-not-allowed disabled:opacity-30 dark:text-zinc-200 dark:hover:bg-zinc-800";

/**
 * One numbered image of the tray. The whole tile drags with a mouse or a long touch; the number is
 * the keyboard handle (Space picks it up, as dnd-kit's keyboard sensor does, and Left/Right move it
 * one place at once); the arrow buttons do the same for anyone who prefers to click.
 */
export function TrayTile({ item, number, count, dragging, onMove, onRemove, sortable }: TrayTileProps) {
  const listeners = sortable?.listeners;
  const isDragging = sortable?.isDragging ?? false;
  const source = sourceLabel(item.source);
  const label = `Image ${number}: ${source}`;
  const thumbnail = item.image?.thumbnailUrl ?? item.previewUrl;

  const onHandleKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!dragging && (event.key === "ArrowLeft" || event.key === "ArrowRight")) {
      event.preventDefault();
      onMove(event.key === "ArrowLeft" ? -1 : 1, "handle");
      return;
    }
    listeners?.onKeyDown?.(event);
  };

  return (
    <li
      ref={sortable?.setNodeRef}
      data-tray-key={item.key}
      style={sortable?.style}
      onMouseDown={(event) => listeners?.onMouseDown?.(event)}
      onTouchStart={(event) => listeners?.onTouchStart?.(event)}
      className={`relative flex w-[5.5rem] shrink-0 touch-manipulation flex-col gap-1 rounded-lg border bg-white p-1 pointer-coarse:w-24 compact:w-11 compact:p-0.5 dark:bg-zinc-900 ${
        isDragging ? "z-10 border-sky-500 shadow-lg ring-2 ring-sky-500/40" : "border-zinc-200 dark:border-zinc-700"
      }`}
    >
      <div
        className="relative aspect-square overflow-hidden rounded-md bg-zinc-100 bg-cover bg-center dark:bg-zinc-800"
        // The local preview stays underneath, so nothing flickers while the stored thumbnail loads.
        style={item.image && item.previewUrl ? { backgroundImage: `url("${item.previewUrl}")` } : undefined}
      >
        {thumbnail && (
          // Thumbnails come from the studio's own route or a local blob; next/image would only re-encode them.
          <img src={thumbnail} alt={label} draggable={false} decoding="async" className="size-full object-cover" />
        )}
        {item.image && <MarkButton image={item.image} number={number} />}
        {(item.status === "preparing" || item.status === "uploading") && (
          <span className="absolute inset-x-0 bottom-0 bg-black/70 px-1 py-0.5 text-center text-[11px] font-medium text-white">
            {item.status === "preparing" ? "Preparing…" : "Uploading…"}
          </span>
        )}
        <button
          type="button"
          onClick={onRemove}
          aria-label={`Remove image ${number}`}
          title={`Remove image ${number}`}
          className="group/remove absolute top-0 right-0 compact:hidden inline-flex size-8 items-start justify-end p-1 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-500 pointer-coarse:size-11"
        >
          {/* A small mark, a larger target: the whole corner removes the image. */}
          <span className="inline-flex size-6 items-center justify-center rounded-full bg-black/70 text-white transition-colors group-hover/remove:bg-black">
            <Glyph>
              <path d="M6 6l12 12M18 6L6 18" />
            </Glyph>
          </span>
        </button>
      </div>
      <div className="flex items-center justify-between gap-1 pointer-coarse:justify-center compact:hidden">
        <button
          type="button"
          data-control="earlier"
          onClick={() => onMove(-1, "earlier")}
          disabled={number === 1}
          aria-label={`Move image ${number} earlier`}
          title={`Move image ${number} earlier`}
          className={SMALL_BUTTON}
        >
          <Glyph>
            <path d="M15 6l-6 6 6 6" />
          </Glyph>
        </button>
        <button
          type="button"
          data-control="handle"
          ref={sortable?.setActivatorNodeRef}
          {...sortable?.attributes}
          onKeyDown={onHandleKeyDown}
          aria-label={`Reorder image ${number}`}
          title="Drag, or press Left or Right, to reorder"
          className={`h-6 min-w-6 rounded-md px-1.5 pointer-coarse:h-11 pointer-coarse:min-w-11 text-xs font-semibold tabular-nums text-zinc-800 transition-colors hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-500 dark:text-zinc-100 dark:hover:bg-zinc-800 ${
            isDragging ? "cursor-grabbing" : "cursor-grab"
          }`}
        >
          {number}
        </button>
        <button
          type="button"
          data-control="later"
          onClick={() => onMove(1, "later")}
          disabled={number === count}
          aria-label={`Move image ${number} later`}
          title={`Move image ${number} later`}
          className={SMALL_BUTTON}
        >
          <Glyph>
            <path d="M9 6l6 6-6 6" />
          </Glyph>
        </button>
      </div>
      {/* The image's name already says this to a screen reader; read once is enough. */}
      <p aria-hidden title={source} className="truncate px-0.5 text-[11px] pointer-coarse:hidden compact:hidden leading-tight break-words text-zinc-600 dark:text-zinc-300">
        {source}
      </p>
    </li>
  );
}

function Glyph({ children }: { children: ReactNode }) {
  return (
    <svg viewBox="0 0 24 24" width={14} height={14} fill="none" stroke="currentColor" strokeWidth={2.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable={false}>
      {children}
    </svg>
  );
}
