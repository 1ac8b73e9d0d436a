"use client";

import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogCloseButton, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import type { GenerationView, ImageView } from "@/lib/gallery/view";
import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/seedream/limits";
import type { SeedreamModel } from "@/lib/store/schema";
import { CompareSlider } from "./compare-slider";
import { downloadImage } from "./download";
import { isTyping } from "./shortcuts-dialog";

export interface ViewerEntry {
  image: ImageView;
  generation: GenerationView | null;
  outputIndex: number;
}

interface ViewerProps {
  /** Every image in the gallery, newest first, in gallery order. */
  entries: ViewerEntry[];
  /** The image shown, or null when the viewer is closed. */
  openId: string | null;
  onOpenIdChange: (id: string | null) => void;
  /** Called once the viewer has closed, so the studio can move focus to the prompt. */
  onUseAsInput: (image: ImageView) => void;
}

const MODEL_NAMES: Record<SeedreamModel, string> = {
  [TEXT_TO_IMAGE_MODEL]: "Seedream v4",
  [EDIT_MODEL]: "Seedream v4 Edit",
};

/**
 * One image at a time, as large as the screen allows, with what made it. ←/→ move through the
 * gallery and wrap around at either end, so the buttons never go dead under a keyboard user.
 */
export function Viewer({ entries, openId, onOpenIdChange, onUseAsInput }: ViewerProps) {
  const index = openId === null ? -1 : entries.findIndex((entry) => entry.image.id === openId);
  // Without a Radix Trigger the dialog would drop focus on <body> when it closes; it goes back
  // to whatever opened it (the thumbnail), or to the prompt box after "Use as input".
  const opener = useRef<HTMLElement | null>(null);
  // "Use as input" waits until the dialog has closed: while it is open its focus trap would pull
  // focus back from the prompt box.
  const pendingInput = useRef<ImageView | null>(null);

  // An image deleted while on screen closes the viewer instead of leaving a stale id behind.
  useEffect(() => {
    if (openId !== null && index === -1) onOpenIdChange(null);
  }, [openId, index, onOpenIdChange]);

  return (
    <Dialog
      open={index !== -1}
      onOpenChange={(open) => {
        if (!open) onOpenIdChange(null);
      }}
    >
      {index !== -1 && (
        <ViewerContent
          entries={entries}
          index={index}
          onMove={onOpenIdChange}
          onUseAsInput={(image) => {
            pendingInput.current = image;
            onOpenIdChange(null);
          }}
          onOpened={() => {
            opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          }}
          onClosed={() => {
            const chosen = pendingInput.current;
            pendingInput.current = null;
            if (chosen) onUseAsInput(chosen);
            else if (opener.current?.isConnected) opener.current.focus();
            opener.current = null;
          }}
        />
      )}
    </Dialog>
  );
}

interface ViewerContentProps {
  entries: ViewerEntry[];
  index: number;
  onMove: (id: string) => void;
  onUseAsInput: (image: ImageView) => void;
  onOpened: () => void;
  onClosed: () => void;
}

function ViewerContent({ entries, index, onMove, onUseAsInput, onOpened, onClosed }: ViewerContentProps) {
  const { image, generation, outputIndex } = entries[index]!;
  const [comparing, setComparing] = useState(false);
  const contentRef = useRef<HTMLDivElement>(null);
  const input = generation?.inputImageIds[0];
  const canCompare = input !== undefined;
  const showCompare = comparing && canCompare;
  const title = generation?.prompt ?? image.fileName ?? "Uploaded image";
  const alt = generation ? `Result ${outputIndex + 1} of “${generation.prompt}”` : `Uploaded ${image.fileName ?? "image"}`;
  const step = (delta: number) => entries[(index + delta + entries.length) % entries.length]!.image;

  const previousUrl = step(-1).url;
  const nextUrl = step(1).url;
  useEffect(() => {
    // The neighbours' originals load while this one is looked at, so arrows feel instant.
    for (const url of new Set([previousUrl, nextUrl])) new Image().src = url;
  }, [previousUrl, nextUrl]);

  const move = (delta: number) => {
    if (entries.length > 1) onMove(step(delta).id);
  };
  const shortcut = (key: string): (() => void) | null => {
    switch (key) {
      case "r":
        return () => onUseAsInput(image);
      case "d":
        return () => downloadImage(image, generation);
      case "c":
        return canCompare ? () => setComparing(!comparing) : null;
      default:
        return null;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      // The compare slider moves with the arrows itself.
      if (event.target instanceof HTMLInputElement && event.target.type === "range") return;
      event.preventDefault();
      move(event.key === "ArrowLeft" ? -1 : 1);
      return;
    }
    const action = event.repeat ? null : shortcut(event.key.toLowerCase());
    if (!action) return;
    event.preventDefault();
    action();
  };

  return (
    <DialogContent
      ref={contentRef}
      layout="full"
      onKeyDown={onKeyDown}
      onOpenAutoFocus={(event) => {
        onOpened();
        // The dialog itself takes focus, so the keys work at once and no button is pressed by accident.
        event.preventDefault();
        contentRef.current?.focus();
      }}
      onCloseAutoFocus={(event) => {
        event.preventDefault();
        onClosed();
      }}
    >
      <header className="flex items-start gap-3 border-b border-zinc-200 p-3 sm:px-4 dark:border-zinc-800">
        <DialogTitle dir="auto" className="line-clamp-2 min-w-0 flex-1 text-sm break-words sm:text-base">{title}</DialogTitle>
        <DialogCloseButton />
      </header>
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <div className="relative min-h-48 flex-1 bg-zinc-100 dark:bg-black">
          {showCompare ? (
            <CompareSlider
              key={image.id}
              before={{ src: `/api/images/${input}`, alt: "Before: the edit's first input" }}
              after={{ src: image.url, alt: `After: ${alt}` }}
            />
          ) : (
            <div key={image.id} className="absolute inset-0">
              {/* The thumbnail holds the place while the original loads over it. */}
              <img src={image.thumbnailUrl} alt="" className="absolute inset-0 size-full object-contain" />
              <img src={image.url} alt={alt} decoding="async" className="absolute inset-0 size-full object-contain" />
            </div>
          )}
          {entries.length > 1 && (
            <>
              <StepButton label="Previous" shortcut="ArrowLeft" onClick={() => move(-1)} className="left-2">
                <path d="M10 3L5 8l5 5" />
              </StepButton>
              <StepButton label="Next" shortcut="ArrowRight" onClick={() => move(1)} className="right-2">
                <path d="M6 3l5 5-5 5" />
              </StepButton>
            </>
          )}
        </div>
        <aside className="flex max-h-[45dvh] shrink-0 flex-col gap-4 overflow-y-auto border-t border-zinc-200 p-4 lg:max-h-none lg:w-80 lg:border-t-0 lg:border-l dark:border-zinc-800">
          <DialogDescription>
            Image {index + 1} of {entries.length}. Arrow keys move through the gallery; R uses it as input, D downloads it
            {canCompare ? ", C compares it with its input" : ""}.
          </DialogDescription>
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => onUseAsInput(image)} aria-keyshortcuts="R">
              Use as input
            </Button>
            <Button variant="secondary" onClick={() => downloadImage(image, generation)} aria-keyshortcuts="D">
              Download
            </Button>
            {canCompare && (
              <Button variant="secondary" onClick={() => setComparing(!comparing)} aria-pressed={showCompare} aria-keyshortcuts="C">
                Compare with input
              </Button>
            )}
          </div>
          <Details image={image} generation={generation} />
        </aside>
      </div>
    </DialogContent>
  );
}

function Details({ image, generation }: { image: ImageView; generation: GenerationView | null }) {
  const seed = image.seed ?? generation?.seed ?? null;
  const rows: [term: string, value: ReactNode][] = [];
  if (generation) {
    rows.push(["Prompt", <span dir="auto" className="whitespace-pre-wrap">{generation.prompt}</span>]);
    rows.push(["Model", MODEL_NAMES[generation.model] ?? generation.model]);
  } else {
    rows.push(["File", image.fileName ?? "Uploaded image"]);
  }
  rows.push(["Size", `${image.width}×${image.height}`]);
  if (seed !== null) rows.push(["Seed", String(seed)]);
  if (generation?.startedAt && generation.finishedAt) {
    rows.push(["Time taken", `${((generation.finishedAt - generation.startedAt) / 1000).toFixed(1)} s`]);
  }
  if (generation?.creditsUsed != null) rows.push(["Credits", `${generation.creditsUsed.toLocaleString("en")} credits`]);
  rows.push(["Format", `${image.mime.replace("image/", "").toUpperCase()} · ${formatBytes(image.bytes)}`]);
  rows.push([generation ? "Created" : "Uploaded", new Date(image.createdAt).toLocaleString()]);

  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-zinc-600 dark:text-zinc-400">{term}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function StepButton({ label, shortcut, onClick, className, children }: { label: string; shortcut: string; onClick: () => void; className: string; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-keyshortcuts={shortcut}
      onClick={onClick}
      className={`absolute top-1/2 inline-flex size-10 -translate-y-1/2 items-center justify-center rounded-full bg-white/85 text-zinc-900 shadow ring-1 ring-zinc-300 hover:bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:bg-zinc-900/85 dark:text-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-900 ${className}`}
    >
      <svg viewBox="0 0 16 16" aria-hidden className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        {children}
      </svg>
    </button>
  );
}
