"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import type { ImageView } from "@/lib/shared/gallery/view";
import type { StartGenerationInput } from "@/lib/shared/start-generation";
import { markedRun, MarkedRunError, MARKS_STORAGE_KEY, withApplied, type AppliedMarks } from "./marks-state";

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
    void import("./stored-marks").then(({ parseStoredMarks }) => {
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
        try {
          return markedRun(input, tray, list);
        } catch (error) {
          if (!(error instanceof MarkedRunError)) throw error;
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
