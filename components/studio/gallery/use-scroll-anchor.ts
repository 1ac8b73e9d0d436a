"use client";

import type { Virtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useRef } from "react";

/**
 * Keeps the line at the top of the screen in place when lines are added or removed above it (a new
 * generation while scrolled down, an undo): the browser's scroll anchoring did that for a plain
 * list, and cannot for rows placed by the virtualizer. At the very top nothing is held, so a new
 * generation shows up there as before.
 */
export function useScrollAnchor(virtualizer: Virtualizer<Window, HTMLDivElement>, keys: readonly string[], active: boolean) {
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
