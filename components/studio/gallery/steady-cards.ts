"use client";

import { memo, useLayoutEffect, useMemo, useRef } from "react";
import type { CardCallbacks } from "./generation-card";
import { GenerationCard } from "./generation-card";
import { UploadCard } from "./upload-card";

/**
 * The gallery changes with every job's news, and a burst of starts brings hundreds: a card is drawn
 * again only when what it shows changed, not whenever the wall is re-packed around it.
 */
function sameProps(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const a = before[key];
    const b = after[key];
    if (a === b) continue;
    // Tile widths and shown images come as fresh arrays from each packing: equal when their entries are.
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length || a.some((entry, index) => entry !== b[index])) return false;
  }
  return true;
}

export const SteadyGenerationCard = memo(GenerationCard, sameProps);
export const SteadyUploadCard = memo(UploadCard, sameProps);

/**
 * The studio's callbacks, the same functions for the page's whole life, each calling the newest one
 * given: cards keep them across renders, so a card with nothing new is not drawn again.
 */
export function useSteadyCallbacks(callbacks: CardCallbacks): CardCallbacks {
  const latest = useRef(callbacks);
  useLayoutEffect(() => {
    latest.current = callbacks;
  });
  return useMemo<CardCallbacks>(() => {
    const now = () => latest.current;
    return {
      onCancel: (generation) => now().onCancel(generation),
      onRetry: (generation) => now().onRetry(generation),
      onDismiss: (generation) => now().onDismiss(generation),
      actions: {
        open: (image) => now().actions.open(image),
        showLineage: (image) => now().actions.showLineage(image),
        useAsInput: (image) => now().actions.useAsInput(image),
        addToInputs: (image) => now().actions.addToInputs(image),
        reuseSettings: (generation) => now().actions.reuseSettings(generation),
        tryOnModel: (generation, model) => now().actions.tryOnModel(generation, model),
        download: (image, generation) => now().actions.download(image, generation),
        remove: (image) => now().actions.remove(image),
      },
    };
  }, []);
}
