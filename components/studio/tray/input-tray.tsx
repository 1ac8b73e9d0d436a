"use client";

import type { Announcements, UniqueIdentifier } from "@dnd-kit/core";
import { LazyPart } from "@/components/studio/lazy/lazy-part";
import { lazy, Suspense, useId, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { sourceLabel } from "@/components/studio/tray/tray-state";
import { TrayTile, type TrayControl, type TrayTileProps } from "./tray-tile";
import type { Tray } from "./use-tray";

/** Drag-and-drop sorting arrives with the tray's second image; until then the tiles draw without it. */
const SortableTray = lazy(() => import("./sortable-tray").then((module) => ({ default: module.SortableTray })));

/** The reference images of the next edit, numbered in the order the model will see them. */
export function InputTray({ tray }: { tray: Tray }) {
  const { numbered } = tray;
  const failed = tray.items.filter((item) => item.status === "failed");
  const full = numbered.length >= tray.capacity;

  const headingId = useId();
  const dndId = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const [dragging, setDragging] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const focusAfterMove = useRef<{ key: string; control: TrayControl } | null>(null);
  const lastFocus = useRef<{ key: string; control: TrayControl } | null>(null);

  const position = (id: UniqueIdentifier) => numbered.findIndex((item) => item.key === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up image ${position(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over ? `Image ${position(active.id)} is over place ${position(over.id)}.` : `Image ${position(active.id)} is over no place.`,
    onDragEnd: ({ active, over }) =>
      over ? `Image ${position(active.id)} is now image ${position(over.id)}.` : `Image ${position(active.id)} was put back.`,
    onDragCancel: ({ active }) => `Image ${position(active.id)} was put back.`,
  };

  // The moved tile's DOM node can be re-inserted, which drops the focus; give it back.
  useLayoutEffect(() => {
    const wanted = focusAfterMove.current;
    if (!wanted) return;
    focusAfterMove.current = null;
    const tile = Array.from(listRef.current?.children ?? []).find((node) => node instanceof HTMLElement && node.dataset.trayKey === wanted.key);
    const preferred = tile?.querySelector<HTMLButtonElement>(`[data-control="${wanted.control}"]`);
    const target = preferred && !preferred.disabled ? preferred : tile?.querySelector<HTMLButtonElement>('[data-control="handle"]');
    target?.focus();
  });

  // When the sorting code arrives, its tiles replace the plain ones; a control focused in between
  // would lose the focus to the page, and the next key press would go nowhere.
  const restoreFocus = () => {
    const wanted = lastFocus.current;
    if (!wanted || (document.activeElement && document.activeElement !== document.body)) return;
    const tile = Array.from(listRef.current?.children ?? []).find((node) => node instanceof HTMLElement && node.dataset.trayKey === wanted.key);
    tile?.querySelector<HTMLButtonElement>(`[data-control="${wanted.control}"]`)?.focus();
  };

  const rememberFocus = (target: EventTarget) => {
    if (!(target instanceof HTMLElement)) return;
    const control = target.dataset.control as TrayControl | undefined;
    const key = target.closest<HTMLElement>("[data-tray-key]")?.dataset.trayKey;
    lastFocus.current = control && key ? { key, control } : null;
  };

  const moveBy = (index: number, delta: -1 | 1, control: TrayControl) => {
    const to = index + delta;
    const item = numbered[index];
    if (!item || to < 0 || to >= numbered.length) return;
    focusAfterMove.current = { key: item.key, control };
    tray.move(index, to);
    setAnnouncement(`Image ${index + 1} is now image ${to + 1}.`);
  };

  const onDragEnd = (activeKey: string, overKey: string | null) => {
    setDragging(false);
    if (overKey && activeKey !== overKey) tray.move(position(activeKey) - 1, position(overKey) - 1);
  };

  const list = (Tile: (props: TrayTileProps) => ReactNode) => (
    <ol ref={listRef} aria-label="Inputs" onFocus={(event) => rememberFocus(event.target)} className="flex gap-2 overflow-x-auto pb-1">
      {numbered.map((item, index) => (
        <Tile
          key={item.key}
          item={item}
          number={index + 1}
          count={numbered.length}
          dragging={dragging}
          onMove={(delta, control) => moveBy(index, delta, control)}
          onRemove={() => {
            tray.remove(item.key);
            setAnnouncement(`Image ${index + 1} removed.`);
          }}
        />
      ))}
    </ol>
  );

  // Nothing to show until something is in the tray: the composer stays one line high.
  if (numbered.length === 0 && failed.length === 0 && !tray.error) return null;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-1.5 px-1">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id={headingId} className="shrink-0 text-xs font-medium text-zinc-800 dark:text-zinc-200">
          Inputs <span className="font-normal tabular-nums text-zinc-600 dark:text-zinc-300">{numbered.length} / {tray.capacity}</span>
        </h2>
        <p className={`truncate text-xs text-zinc-600 dark:text-zinc-300 ${full ? "" : "max-sm:hidden"}`}>
          {full ? "The inputs are full: remove an image to add another." : "The model sees them in this order; drag or use the arrows to change it."}
        </p>
      </div>
      {numbered.length === 1 && list(TrayTile)}
      {/* Without the sorting code, the tiles still show in order, each with its arrows. */}
      {numbered.length > 1 && (
        <LazyPart fallback={list(TrayTile)}>
          <Suspense fallback={list(TrayTile)}>
            <SortableTray
              id={dndId}
              keys={numbered.map((item) => item.key)}
              announcements={announcements}
              onDragStart={() => setDragging(true)}
              onDragEnd={onDragEnd}
              onDragCancel={() => setDragging(false)}
              onReady={restoreFocus}
            >
              {list}
            </SortableTray>
          </Suspense>
        </LazyPart>
      )}
      {failed.length > 0 && (
        <ul aria-label="Files not added" className="flex flex-col gap-2">
          {failed.map((item) => {
            const name = sourceLabel(item.source);
            return (
              <li
                key={item.key}
                className="flex items-start justify-between gap-2 rounded-lg border border-red-200 bg-red-50 p-2 dark:border-red-900 dark:bg-red-950/40"
              >
                <p role="alert" className="min-w-0 text-sm break-words text-red-800 dark:text-red-200">
                  {item.error && item.error.includes(name) ? item.error : `${name}: ${item.error}`}
                </p>
                <Button variant="secondary" className="shrink-0 px-2 py-1 text-xs" aria-label={`Remove ${name}`} onClick={() => tray.remove(item.key)}>
                  Remove
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {tray.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {tray.error}
        </p>
      )}
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </section>
  );
}
