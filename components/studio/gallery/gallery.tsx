"use client";

import { useLayoutEffect, useMemo, useRef, useState, type SyntheticEvent } from "react";
import { preload } from "react-dom";
import { isPending, type GalleryItemView } from "@/lib/shared/gallery/view";
import { pushedThumbnail } from "@/lib/browser/pushed-thumbnails";
import { requestedPixels } from "@/components/studio/composer/form-settings";
import { GalleryFilters } from "./gallery-filters";
import { matchesFilter, visibleItems, type GalleryFilter } from "./filters";
import type { CardCallbacks } from "./generation-card";
import { packLines, type BlockShape, type PackedLine } from "./pack-rows";
import { SteadyGenerationCard, SteadyUploadCard, useSteadyCallbacks } from "./steady-cards";
import { slowThresholds } from "./waiting";
import { lazyModule, useLazyModule } from "@/components/studio/lazy/lazy-module";

interface GalleryProps extends CardCallbacks {
  items: GalleryItemView[];
  hiddenIds: ReadonlySet<string>;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

/** Lines the server renders, before any screen size is known. */
const FIRST_PAINT_LINES = 3;
/**
 * Blocks whose thumbnails come with the page: a desktop's first screen holds 12–15 once the lines
 * are packed at its real width, and those past the server's first lines would otherwise be asked
 * for only after hydration (about 250 ms later on a 1,000-image gallery). The first few are asked
 * for ahead of everything else; the rest at low priority, after what the first paint needs.
 */
const PRELOADED_BLOCKS = 16;
const URGENT_BLOCKS = 4;
const GAP_PX = 12;
const TILE_GAP_PX = 6;
/** A failure's words need room whatever the image's shape. */
const FAILURE_MIN_WIDTH = 240;

/**
 * The virtualised lines arrive after the first paint, asked for then even by an empty gallery: the
 * switch from the first lines rebuilds every tile, and a click that lands during it is lost, so it
 * must happen before a new visitor's first images appear. If they never arrive, the first lines stay.
 */
const galleryWindowModule = lazyModule(() => import("./gallery-window"));

const keyOf = (item: GalleryItemView) => (item.kind === "generation" ? item.generation.id : item.image.id);

/** Tiles' height: two squares side by side on a phone, a denser wall on a wide screen. */
function rowHeightFor(width: number): number {
  if (width < 480) return Math.floor((width - TILE_GAP_PX - GAP_PX) / 2);
  return width < 900 ? 200 : 240;
}

function shapeFor(shapes: WeakMap<GalleryItemView, BlockShape>, item: GalleryItemView, hiddenIds: ReadonlySet<string>): BlockShape {
  let shape = shapes.get(item);
  if (!shape) shapes.set(item, (shape = shapeOf(item, hiddenIds)));
  return shape;
}

function shapeOf(item: GalleryItemView, hiddenIds: ReadonlySet<string>): BlockShape {
  if (item.kind === "upload") return { key: item.image.id, aspects: [item.image.width / item.image.height] };
  const { generation } = item;
  const key = generation.id;
  if (generation.status === "failed" || generation.status === "canceled") return { key, aspects: [1], minWidth: FAILURE_MIN_WIDTH };
  if (isPending(generation)) {
    const size = generation.parameters.image_size;
    const { width, height } = requestedPixels(size);
    const count = generation.parameters.num_images ?? 1;
    return { key, aspects: Array.from({ length: count }, () => width / height), minWidth: 160 };
  }
  const outputs = generation.outputs.filter((image) => !hiddenIds.has(image.id));
  return { key, aspects: outputs.map((image) => image.width / image.height) };
}

/**
 * Newest first, as a dense wall of pictures: each job a block of its images at one height, blocks
 * filling lines. Only the lines on screen (and a few beyond) are in the page (GalleryWindow).
 */
export function Gallery({ items, hiddenIds, hasMore, loadingMore, onLoadMore, ...given }: GalleryProps) {
  const callbacks = useSteadyCallbacks(given);
  const [filter, setFilter] = useState<GalleryFilter>("all");
  const listed = useMemo(() => visibleItems(items, hiddenIds), [items, hiddenIds]);
  const shown = useMemo(() => listed.filter((item) => matchesFilter(item, filter)), [listed, filter]);
  const slowAfter = useMemo(() => slowThresholds(items), [items]);
  const byKey = useMemo(() => new Map(shown.map((item, index) => [keyOf(item), { item, position: index + 1 }])), [shown]);
  // An item unchanged by an update keeps its shape: only what changed is measured again.
  const shapes = useMemo(() => new WeakMap<GalleryItemView, BlockShape>(), [hiddenIds]);
  const listRef = useRef<HTMLDivElement>(null);
  const [layout, setLayout] = useState<{ top: number; width: number } | null>(null);
  const windowModule = useLazyModule(galleryWindowModule);
  const [pinnedKey, setPinnedKey] = useState<string | null>(null);

  const rowHeight = layout ? rowHeightFor(layout.width) : 240;
  const lines: PackedLine[] = useMemo(
    () => packLines(shown.map((item) => shapeFor(shapes, item, hiddenIds)), { width: layout?.width ?? 1024, rowHeight, gap: GAP_PX }),
    [shown, shapes, hiddenIds, layout?.width, rowHeight],
  );
  const pinned = pinnedKey === null ? -1 : lines.findIndex((line) => line.blocks.some((block) => block.key === pinnedKey));

  shown.slice(0, PRELOADED_BLOCKS).forEach((item, index) => {
    const images = item.kind === "upload" ? [item.image] : item.generation.outputs.filter((image) => !hiddenIds.has(image.id));
    const fetchPriority = index < URGENT_BLOCKS ? "high" : "low";
    for (const image of images) {
      // A just-finished result's thumbnail came with its news: asking for it again would only compete with the page.
      if (!pushedThumbnail(image.id)) preload(image.thumbnailUrl, { as: "image", fetchPriority });
    }
  });

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const measure = () => {
      const box = list.getBoundingClientRect();
      const next = { top: box.top + window.scrollY, width: Math.floor(box.width) };
      setLayout((current) => (current && current.top === next.top && current.width === next.width ? current : next));
    };
    measure();
    // The page's size moves the list's top; the list's own box narrows when room is reserved
    // beside it (the selection's panel) without the page changing size.
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  const pin = (event: SyntheticEvent) => {
    const key = (event.target as Element).closest<HTMLElement>("[data-block]")?.dataset.block;
    if (key) setPinnedKey(key);
  };

  const renderLine = (index: number) => {
    const line = lines[index]!;
    return line.blocks.map((block, position) => {
      const entry = byKey.get(block.key);
      if (!entry) return null;
      const { item } = entry;
      return (
        <div
          key={block.key}
          data-block={block.key}
          role="listitem"
          aria-setsize={hasMore ? -1 : shown.length}
          aria-posinset={entry.position}
          data-position={position}
        >
          {item.kind === "generation" ? (
            <SteadyGenerationCard
              generation={item.generation}
              outputs={item.generation.outputs.filter((image) => !hiddenIds.has(image.id))}
              widths={block.widths}
              width={block.width}
              tileHeight={line.tileHeight}
              slowAfterMs={slowAfter(item.generation)}
              {...callbacks}
            />
          ) : (
            <SteadyUploadCard image={item.image} width={block.width} tileHeight={line.tileHeight} actions={callbacks.actions} />
          )}
        </div>
      );
    });
  };
  // What the server draws, and the page shows until the virtualised lines arrive.
  const firstLines = (
    <div role="list" aria-label="Generations" onFocus={pin} onDragStart={pin} className="flex flex-col gap-3">
      {lines.slice(0, FIRST_PAINT_LINES).map((line, index) => (
        <div key={index} role="presentation" data-index={index} className="flex items-start gap-3">
          {renderLine(index)}
        </div>
      ))}
    </div>
  );

  return (
    <div className="flex flex-col gap-3">
      <GalleryFilters items={listed} filter={filter} onFilterChange={setFilter} />
      <div ref={listRef}>
        {shown.length === 0 && !hasMore ? (
          <div className="flex min-h-48 items-center justify-center rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
            {filter === "all"
              ? "Your images will appear here. Write a prompt and press Generate, or drop pictures anywhere to edit them."
              : "Nothing here yet."}
          </div>
        ) : layout && windowModule ? (
          <windowModule.GalleryWindow
            lines={lines}
            pinned={pinned}
            top={layout.top}
            gap={GAP_PX}
            hasMore={hasMore}
            loadingMore={loadingMore}
            onLoadMore={onLoadMore}
            onPin={pin}
            renderLine={renderLine}
          />
        ) : (
          firstLines
        )}
      </div>
      {loadingMore && (
        <p role="status" className="self-center text-sm text-zinc-600 dark:text-zinc-300">
          Loading older images…
        </p>
      )}
    </div>
  );
}
