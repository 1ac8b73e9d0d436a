"use client";

import { defaultRangeExtractor, useWindowVirtualizer } from "@tanstack/react-virtual";
import { useEffect, type ReactNode, type SyntheticEvent } from "react";
import type { PackedLine } from "./pack-rows";
import { useScrollAnchor } from "./use-scroll-anchor";

const OVERSCAN = 2;
/** The next page is asked for while this many lines are still below the screen. */
const LOAD_AHEAD = 4;
/** The caption under each block (two short lines). */
const CAPTION_PX = 40;

interface GalleryWindowProps {
  lines: PackedLine[];
  /** The line holding the block last focused or dragged: kept in the page while it is off screen. */
  pinned: number;
  top: number;
  gap: number;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onPin: (event: SyntheticEvent) => void;
  renderLine: (index: number) => ReactNode;
}

/**
 * The gallery's lines once the page's size is known: only the lines on screen (and a few beyond)
 * are in the page, so a gallery of thousands costs what a screenful does; older pages load as the
 * end comes near. Loaded after the first paint, which draws the first lines without it.
 */
export function GalleryWindow({ lines, pinned, top, gap, hasMore, loadingMore, onLoadMore, onPin, renderLine }: GalleryWindowProps) {
  const lineKeys = lines.map((line) => line.key);
  const virtualizer = useWindowVirtualizer<HTMLDivElement>({
    count: lines.length,
    getItemKey: (index) => lineKeys[index]!,
    estimateSize: (index) => lines[index]!.tileHeight + 4 + CAPTION_PX,
    overscan: OVERSCAN,
    gap,
    scrollMargin: top,
    rangeExtractor: (range) => {
      const indexes = new Set(defaultRangeExtractor(range));
      for (const index of [pinned - 1, pinned, pinned + 1]) if (pinned !== -1 && index >= 0 && index < range.count) indexes.add(index);
      return [...indexes].sort((a, b) => a - b);
    },
  });

  // A line's height is known before it is drawn (estimateSize is exact and nothing is measured from
  // the page), and getItemKey is new with each packing, so the virtualizer re-reads the lines itself.
  useScrollAnchor(virtualizer, lineKeys, true);

  const lastOnScreen = virtualizer.range?.endIndex ?? -1;
  useEffect(() => {
    if (hasMore && !loadingMore && lastOnScreen >= lines.length - 1 - LOAD_AHEAD) onLoadMore();
  }, [hasMore, loadingMore, lastOnScreen, lines.length, onLoadMore]);

  return (
    <div
      role="list"
      aria-label="Generations"
      onFocus={onPin}
      onDragStart={onPin}
      className="relative [overflow-anchor:none]"
      style={{ height: virtualizer.getTotalSize() }}
    >
      {virtualizer.getVirtualItems().map((row) => (
        // Keyed by place: a new job on top shifts every block along, and the lines on screen
        // keep their boxes while their blocks move, instead of all being built anew.
        <div
          key={row.index}
          role="presentation"
          data-index={row.index}
          className="absolute inset-x-0 flex items-start gap-3"
          style={{ top: row.start - virtualizer.options.scrollMargin }}
        >
          {renderLine(row.index)}
        </div>
      ))}
    </div>
  );
}
