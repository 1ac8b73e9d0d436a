"use client";

import { defaultRangeExtractor, useWindowVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef, useState, type SyntheticEvent } from "react";
import { preload } from "react-dom";
import { imageLabel, type GalleryItemView, type GenerationView } from "@/lib/shared/gallery/view";
import { GenerationCard } from "./generation-card";
import type { ImageActions } from "./image-actions";
import { ImageTile } from "./image-tile";

interface GalleryProps {
  items: GalleryItemView[];
  hiddenIds: ReadonlySet<string>;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onCancel: (generation: GenerationView) => void;
  onRetry: (generation: GenerationView) => void;
  actions: ImageActions;
}

/** Cards the server renders, before any screen size is known: enough to fill a tall one. */
const FIRST_PAINT_CARDS = 4;
/** Cards whose thumbnails come with the page: the first screen of a desktop shows about two. */
const PRELOADED_CARDS = 2;
/** Cards kept rendered beyond each edge of the screen. */
const OVERSCAN = 2;
/** The next page is asked for while this many cards are still below the screen. */
const LOAD_AHEAD = 5;
/** Tailwind's gap-4, between cards. */
const GAP_PX = 16;

/** Where the list sits in the page, measured in the browser; null on the server and while hydrating. */
interface ListLayout {
  top: number;
  width: number;
  viewportWidth: number;
}

const keyOf = (item: GalleryItemView) => (item.kind === "generation" ? item.generation.id : item.image.id);

/**
 * Newest first; older pages load as the end of the list comes near. Only the cards on screen (and a
 * few beyond) are in the page, so a gallery of thousands costs what a screenful does. The page
 * scrolls as a whole, so the list follows the window's scroll.
 */
export function Gallery({ items, hiddenIds, hasMore, loadingMore, onLoadMore, onCancel, onRetry, actions }: GalleryProps) {
  const visible = items.filter((item) =>
    item.kind === "upload"
      ? !hiddenIds.has(item.image.id)
      : item.generation.status !== "succeeded" || item.generation.outputs.some((image) => !hiddenIds.has(image.id)),
  );
  const keys = visible.map(keyOf);
  const listRef = useRef<HTMLOListElement>(null);
  const [layout, setLayout] = useState<ListLayout | null>(null);
  // The card last focused or dragged stays in the page, with its neighbours, so Tab always has
  // somewhere to go and focus (or a drag) is not lost when that card scrolls out of view.
  const [pinnedKey, setPinnedKey] = useState<string | null>(null);
  const pinned = pinnedKey === null ? -1 : keys.indexOf(pinnedKey);
  const showList = visible.length > 0 || hasMore;
  // A card keeps its first estimate until it is measured: a new guess for a card off screen (a job
  // that finished above the fold) would move what is on screen.
  const estimates = useRef(new Map<string, number>());

  const virtualizer = useWindowVirtualizer<HTMLLIElement>({
    count: visible.length,
    getItemKey: (index) => keys[index]!,
    estimateSize: (index) => {
      const key = keys[index]!;
      const known = estimates.current.get(key);
      if (known !== undefined || !layout) return known ?? 600;
      const estimate = estimateHeight(visible[index]!, layout);
      estimates.current.set(key, estimate);
      return estimate;
    },
    overscan: OVERSCAN,
    gap: GAP_PX,
    scrollMargin: layout?.top ?? 0,
    rangeExtractor: (range) => {
      const indexes = new Set(defaultRangeExtractor(range));
      for (const index of [pinned - 1, pinned, pinned + 1]) if (pinned !== -1 && index >= 0 && index < range.count) indexes.add(index);
      return [...indexes].sort((a, b) => a - b);
    },
  });

  // Lazy images wait for the styles and the first layout; the first screen's thumbnails are asked
  // for from the page's head instead, at once (React hoists these into <link rel="preload">).
  for (const item of visible.slice(0, PRELOADED_CARDS)) {
    const images = item.kind === "upload" ? [item.image] : item.generation.outputs.filter((image) => !hiddenIds.has(image.id));
    for (const image of images) preload(image.thumbnailUrl, { as: "image", fetchPriority: "high" });
  }

  // Until the list is measured, the first cards are laid out in flow, as the server sent them.
  const rows = layout
    ? virtualizer.getVirtualItems()
    : visible.slice(0, FIRST_PAINT_CARDS).map((_, index) => ({ index, key: keys[index]!, start: 0 }));

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const measure = () => {
      const box = list.getBoundingClientRect();
      const next = { top: box.top + window.scrollY, width: box.width, viewportWidth: window.innerWidth };
      setLayout((current) =>
        current && current.top === next.top && current.width === next.width && current.viewportWidth === next.viewportWidth ? current : next,
      );
    };
    measure();
    // Anything above the list that changes height (the header wrapping, the form on a phone) moves it.
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [showList]);

  useScrollAnchor(virtualizer, keys, layout !== null);

  const lastOnScreen = layout ? (virtualizer.range?.endIndex ?? -1) : -1;
  useEffect(() => {
    if (layout && hasMore && !loadingMore && lastOnScreen >= visible.length - 1 - LOAD_AHEAD) onLoadMore();
  }, [layout, hasMore, loadingMore, lastOnScreen, visible.length, onLoadMore]);

  if (!showList) {
    return (
      <div className="flex h-full min-h-64 items-center justify-center rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
        Your images will appear here. Write a prompt and press Generate, or drop pictures anywhere to edit them.
      </div>
    );
  }

  const pin = (event: SyntheticEvent) => {
    const key = (event.target as Element).closest<HTMLElement>("li[data-key]")?.dataset.key;
    if (key) setPinnedKey(key);
  };
  return (
    <div className="flex flex-col gap-4">
      <ol
        ref={listRef}
        aria-label="Generations"
        onFocus={pin}
        onDragStart={pin}
        // Rows are placed by the virtualizer, which keeps the view steady itself; the browser's
        // anchoring would correct the same change a second time.
        className={layout ? "relative [overflow-anchor:none]" : "flex flex-col gap-4"}
        style={layout ? { height: virtualizer.getTotalSize() } : undefined}
      >
        {rows.map((row) => {
          const item = visible[row.index]!;
          return (
            <li
              key={row.key}
              ref={virtualizer.measureElement}
              data-index={row.index}
              data-key={row.key}
              aria-setsize={hasMore ? -1 : visible.length}
              aria-posinset={row.index + 1}
              className={layout ? "absolute inset-x-0" : undefined}
              style={layout ? { top: row.start - virtualizer.options.scrollMargin } : undefined}
            >
              {item.kind === "generation" ? (
                <GenerationCard generation={item.generation} onCancel={onCancel} onRetry={onRetry} actions={actions} hiddenIds={hiddenIds} />
              ) : (
                <article
                  aria-label={`Upload: ${item.image.fileName ?? "image"}`}
                  className="grid grid-cols-[7rem_1fr] items-start gap-3 rounded-xl border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
                >
                  <ImageTile image={item.image} generation={null} label={imageLabel(item.image, null)} actions={actions} compact />
                  <p className="min-w-0 text-sm break-words text-zinc-600 dark:text-zinc-300">
                    Uploaded {item.image.fileName} · {item.image.width}×{item.image.height}
                  </p>
                </article>
              )}
            </li>
          );
        })}
      </ol>
      {loadingMore && (
        <p role="status" className="self-center text-sm text-zinc-600 dark:text-zinc-300">
          Loading older images…
        </p>
      )}
    </div>
  );
}

/**
 * Keeps the card at the top of the screen in place when cards are added or removed above it (a new
 * generation while scrolled down, an undo): the browser's scroll anchoring did that for a plain
 * list, and cannot for rows placed by the virtualizer. At the very top nothing is held, so a new
 * generation shows up there as before.
 */
function useScrollAnchor(virtualizer: Virtualizer<Window, HTMLLIElement>, keys: readonly string[], active: boolean) {
  const anchor = useRef<{ keys: string; key: string; start: number } | null>(null);
  const joined = keys.join(" ");
  useLayoutEffect(() => {
    const previous = anchor.current;
    if (active && previous && previous.keys !== joined) {
      const index = keys.indexOf(previous.key);
      const start = index === -1 ? undefined : virtualizer.measurementsCache[index]?.start;
      if (start !== undefined && start !== previous.start) window.scrollBy(0, start - previous.start);
    }
    const offset = window.scrollY;
    const top = active && offset > virtualizer.options.scrollMargin ? virtualizer.getVirtualItemForOffset(offset) : undefined;
    anchor.current = top ? { keys: joined, key: String(top.key), start: top.start } : null;
  });
}

/** The action buttons under a tile (text-xs, px-2, border) as the card shows them, in px. */
const ACTION_WIDTHS = { full: [96, 102, 109, 63, 70, 57], compact: [96, 63, 70, 57] } as const;

/** How many rows the action buttons wrap into under a tile this wide (gap-1.5 between them). */
function actionRows(widths: readonly number[], tile: number): number {
  let rows = 1;
  let used = 0;
  for (const width of widths) {
    if (used > 0 && used + 6 + width > tile) {
      rows += 1;
      used = 0;
    }
    used += (used > 0 ? 6 : 0) + width;
  }
  return rows;
}

/**
 * A card's height before it is measured, from what decides it (its images' shapes at the list's
 * width), so the scrollbar stays steady as older pages arrive. The constants follow the cards'
 * markup: padding and border, 20 px text lines, 26 px action buttons that wrap, 12 px gaps.
 */
function estimateHeight(item: GalleryItemView, { width, viewportWidth }: ListLayout): number {
  const captions = (widths: readonly number[], tile: number) => {
    const rows = actionRows(widths, tile);
    return 8 + rows * 26 + (rows - 1) * 6;
  };
  if (item.kind === "upload") {
    const tile = 112;
    return Math.round(26 + Math.max(tile * (item.image.height / item.image.width) + captions(ACTION_WIDTHS.compact, tile), 40));
  }
  const { generation } = item;
  const content = width - 34;
  const promptLines = Math.min(2, Math.ceil((generation.prompt.length * 7.5) / content));
  let height = 34 + promptLines * 20;
  if (generation.inputImageIds.length > 0) height += 48;
  if (generation.status === "queued" || generation.status === "running") height += 12 + 38;
  else if (generation.status === "canceled") height += 12 + 20;
  else if (generation.error) height += 12 + 24 + 20 + (generation.error.retryable ? 38 : 0);
  const outputs = generation.outputs.length;
  if (outputs > 0) {
    const first = generation.outputs[0]!;
    const columns = outputs > 1 ? 2 : 1;
    const tile = columns === 2 ? (content - 12) / 2 : viewportWidth >= 640 ? Math.min(content, 448) : content;
    const rows = Math.ceil(outputs / columns);
    const row = tile * (first.height / first.width) + captions(ACTION_WIDTHS.full, tile);
    height += 12 + rows * row + (rows - 1) * 12 + 8 + 16;
  }
  return Math.round(height);
}
