"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from "react";
import type { GalleryItemView, ImageView } from "@/lib/shared/gallery/view";
import type { FormSettings } from "@/components/studio/composer/form-settings";


// The batch tools arrive with the first selection, never with the page.
const BatchPanel = withLazyPart(dynamic(() => import("./batch-panel").then((module) => module.BatchPanel), { ssr: false }));

/** At most this many images in one batch: each is its own job, and every one counts for quotas. */
export const BATCH_MAX = 50;

interface Selection {
  selecting: boolean;
  isSelected(imageId: string): boolean;
  /** Selects instead of opening on Shift/Ctrl/⌘ click, or any click in select mode; true when it did. */
  handleClick(event: MouseEvent, image: ImageView): boolean;
}

const Context = createContext<Selection | null>(null);
const NO_SELECTION: Selection = { selecting: false, isSelected: () => false, handleClick: () => false };

export function useImageSelection(): Selection {
  return useContext(Context) ?? NO_SELECTION;
}

export interface BatchSupport {
  engine: "aimlapi" | "local";
  items: readonly GalleryItemView[];
  /** The composer's choices: the batch runs its own prompt with their size, count and (locked) seed. */
  form: FormSettings;
}

/**
 * Gallery selection for one edit over many images: Shift/Ctrl/⌘ click, or Select on a touch screen,
 * picks images; the batch tools (loaded on demand) run the prompt on each as its own job.
 */
export function SelectionProvider({ support, children }: { support: BatchSupport; children: ReactNode }) {
  const [selected, setSelected] = useState<ImageView[]>([]);
  const [selecting, setSelecting] = useState(false);
  const [panelOpen, setPanelOpen] = useState(false);
  const buttonBox = useRef<HTMLDivElement>(null);
  const panelBox = useRef<HTMLDivElement>(null);

  // The panel and its button float over the gallery: the page reserves their room (below the
  // gallery on a phone, beside it on a wider screen), so no image is hidden under them.
  useEffect(() => {
    const root = document.documentElement;
    const wide = window.matchMedia("(min-width: 640px)");
    const measure = () => {
      const button = buttonBox.current?.getBoundingClientRect().height ?? 0;
      const panel = panelBox.current?.getBoundingClientRect();
      root.style.setProperty("--selection-height", `${button + (panel && !wide.matches ? panel.height : 0)}px`);
      root.style.setProperty("--selection-width", `${panel && wide.matches ? panel.width : 0}px`);
    };
    const observer = new ResizeObserver(measure);
    for (const box of [buttonBox.current, panelBox.current]) if (box) observer.observe(box);
    wide.addEventListener("change", measure);
    measure();
    return () => {
      observer.disconnect();
      wide.removeEventListener("change", measure);
      root.style.removeProperty("--selection-height");
      root.style.removeProperty("--selection-width");
    };
  }, [panelOpen]);

  const toggle = useCallback((image: ImageView) => {
    setPanelOpen(true);
    setSelected((current) =>
      current.some((entry) => entry.id === image.id) ? current.filter((entry) => entry.id !== image.id) : [...current, image].slice(0, BATCH_MAX),
    );
  }, []);

  const value = useMemo<Selection>(
    () => ({
      selecting,
      isSelected: (imageId) => selected.some((entry) => entry.id === imageId),
      handleClick: (event, image) => {
        if (event.button !== 0 || !(selecting || event.shiftKey || event.ctrlKey || event.metaKey)) return false;
        event.preventDefault();
        toggle(image);
        return true;
      },
    }),
    [selecting, selected, toggle],
  );

  return (
    <Context value={value}>
      {children}
      {panelOpen && (
        // On a phone just above the composer, in the Select button's place (its Close ends the
        // selecting); on a wider screen a column at the right, between the header and that button.
        <div
          ref={panelBox}
          className="pointer-events-none fixed inset-x-0 bottom-[var(--composer-height,0px)] z-30 flex max-h-[calc(100dvh-4rem-var(--composer-height,0px))] flex-col items-end px-3 sm:top-16 sm:bottom-[calc(var(--composer-height,0px)+3.75rem)] sm:left-auto sm:max-h-[calc(100dvh-4rem-var(--composer-height,0px)-3.75rem)] sm:w-[29.5rem]"
        >
          <BatchPanel
            selected={selected}
            support={support}
            onClearSelection={() => setSelected([])}
            onClose={() => {
              setSelected([]);
              setSelecting(false);
              setPanelOpen(false);
            }}
          />
        </div>
      )}
      <div ref={buttonBox} className={`pointer-events-none fixed right-0 bottom-[var(--composer-height,0px)] z-30 p-3 ${panelOpen ? "max-sm:hidden" : ""}`}>
        <button
          type="button"
          aria-pressed={selecting}
          onClick={() => {
            setSelecting(!selecting);
            setPanelOpen(true);
          }}
          className="pointer-events-auto rounded-full border border-zinc-300 bg-white px-4 py-2 text-sm pointer-coarse:min-h-11 font-medium shadow-md hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 aria-pressed:bg-sky-700 aria-pressed:text-white dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
        >
          Select images
        </button>
      </div>
    </Context>
  );
}

/** Inside a gallery tile's link: says "selected" to a screen reader and rings the picture. */
export function SelectedMark({ imageId }: { imageId: string }) {
  const selection = useImageSelection();
  if (!selection.isSelected(imageId)) return null;
  return (
    <>
      <span className="sr-only"> (selected)</span>
      <span aria-hidden className="pointer-events-none absolute inset-0 rounded-lg ring-4 ring-sky-500 ring-inset" />
      <span aria-hidden className="absolute top-1 left-1 rounded-full bg-sky-700 px-1.5 text-xs font-bold text-white">
        ✓
      </span>
    </>
  );
}

