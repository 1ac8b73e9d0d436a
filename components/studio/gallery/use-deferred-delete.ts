"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ImageView } from "@/lib/shared/gallery/view";

export const UNDO_WINDOW_MS = 5_000;

/**
 * Delete with undo: the image disappears at once, and the server is asked only when the undo window
 * has passed. Closing the page inside the window keeps the image, which is the safe way to be wrong.
 */
export function useDeferredDelete(commit: (image: ImageView) => void) {
  const [pending, setPending] = useState<ImageView[]>([]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const schedule = useCallback(
    (image: ImageView) => {
      setPending((current) => [...current.filter((item) => item.id !== image.id), image]);
      timers.current.set(
        image.id,
        setTimeout(() => {
          timers.current.delete(image.id);
          setPending((current) => current.filter((item) => item.id !== image.id));
          commit(image);
        }, UNDO_WINDOW_MS),
      );
    },
    [commit],
  );

  const undo = useCallback((id: string) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setPending((current) => current.filter((item) => item.id !== id));
  }, []);

  useEffect(() => {
    const active = timers.current;
    return () => active.forEach((timer) => clearTimeout(timer));
  }, []);

  return { hiddenIds: new Set(pending.map((image) => image.id)), latest: pending.at(-1) ?? null, schedule, undo };
}
