"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import type { ImageView } from "@/lib/shared/gallery/view";
import type { StartGenerationInput } from "@/lib/shared/start-generation";
import { MARKS_STORAGE_KEY, withApplied, type AppliedMarks } from "./marks-state";
import { marksRuntime } from "./marks-runtime-lazy";

export interface AppliedMarksState {
  list: AppliedMarks[];
  get(imageId: string): AppliedMarks | null;
  set(imageId: string, applied: AppliedMarks | null): void;
  /** The edit as sent with the marks, or null after telling `onRefused` why it cannot be sent. */
  prepare(input: StartGenerationInput, tray: readonly ImageView[], onRefused: (sentence: string) => void): StartGenerationInput | null;
}

/** The marks on tray images, kept in localStorage beside the tray so a reload keeps them. */
export function useAppliedMarks(): AppliedMarksState {
  const [list, setList] = useState<AppliedMarks[]>([]);
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    let current = true;
    void marksRuntime.load().then(({ parseStoredMarks }) => {
      if (!current) return;
      setList(parseStoredMarks(read()));
      setRestored(true);
    });
    return () => {
      current = false;
    };
  }, []);
  useEffect(() => {
    if (restored) write(JSON.stringify(list));
  }, [list, restored]);

  const set = useCallback((imageId: string, applied: AppliedMarks | null) => setList((current) => withApplied(current, imageId, applied)), []);
  return useMemo(
    () => ({
      list,
      get: (imageId) => list.find((entry) => entry.imageId === imageId) ?? null,
      set,
      prepare: (input, tray, onRefused) => {
        if (list.length === 0) return input;
        // Marks exist only once the runtime has restored them or the marking view (loaded later) made them.
        const runtime = marksRuntime.current();
        if (!runtime) {
          onRefused("The marks are still loading; press Generate again in a moment.");
          return null;
        }
        try {
          return runtime.markedRun(input, tray, list);
        } catch (error) {
          if (!(error instanceof runtime.MarkedRunError)) throw error;
          onRefused(error.message);
          return null;
        }
      },
    }),
    [list, set],
  );
}

/** Storage can be missing or refuse (private windows, quota): the marks then last one page view. */
function read(): string | null {
  try {
    return window.localStorage.getItem(MARKS_STORAGE_KEY);
  } catch {
    return null;
  }
}

function write(value: string): void {
  try {
    window.localStorage.setItem(MARKS_STORAGE_KEY, value);
  } catch {
    // See read.
  }
}
