"use client";

import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogCloseButton, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { imageLabel, type GenerationView, type ImageView } from "@/lib/shared/gallery/view";
import { indexLineage, type LineageIndex } from "@/lib/shared/lineage/navigation";
import { downloadImage } from "@/components/studio/gallery/download";
import { useGeneration, useLineage } from "@/components/studio/data/queries";
import { shortcutKey } from "@/components/studio/shortcuts/shortcut-key";
import { ComparePicker, CompareStage, compareChoices, type CompareMode } from "./viewer-compare";
import { ViewerDetails } from "./viewer-details";
import { FamilyStrip } from "./family-strip";
import { ViewerEditBar, type ViewerEdit } from "./viewer-edit-bar";

export interface ViewerEntry {
  image: ImageView;
  generation: GenerationView | null;
}

interface ViewerProps {
  /** Every image in the gallery, newest first, in gallery order. */
  entries: ViewerEntry[];
  /** The image shown, or null when the viewer is closed. */
  openId: string | null;
  onOpenIdChange: (id: string | null) => void;
  /** Called once the viewer has closed, so the studio can move focus to the prompt. */
  onUseAsInput: (image: ImageView, generation: GenerationView | null) => void;
  /** `[` and `]` walk the lineage, to images the gallery may not have loaded (or no longer lists). */
  onOpenEntry: (entry: ViewerEntry) => void;
  onShowLineage: (image: ImageView) => void;
  /** Re-runs the image's chain of edits from its original as new jobs. */
  onReplay: (image: ImageView) => void;
  /** Open straight into compare mode (from the lineage's "Compare with parent"). */
  compareOnOpen: boolean;
  /** An edit described under the image; the viewer closes as it starts. */
  onEdit: (edit: ViewerEdit) => void;
}

/** The entry the viewer shows for an image of the lineage. */
function lineageEntry(image: ImageView, lineage: LineageIndex): ViewerEntry {
  return { image, generation: lineage.madeBy(image.id) ?? null };
}

/**
 * One image at a time, as large as the screen allows, with what made it. ←/→ move through the
 * gallery and wrap around at either end, so the buttons never go dead under a keyboard user.
 */
export function Viewer({ entries, openId, onOpenIdChange, onUseAsInput, onOpenEntry, onShowLineage, onReplay, compareOnOpen, onEdit }: ViewerProps) {
  const index = openId === null ? -1 : entries.findIndex((entry) => entry.image.id === openId);
  // Without a Radix Trigger the dialog would drop focus on <body> when it closes; it goes back
  // to whatever opened it (the thumbnail), or to the prompt box after "Use as input".
  const opener = useRef<HTMLElement | null>(null);
  // "Use as input" waits until the dialog has closed: while it is open its focus trap would pull
  // focus back from the prompt box.
  const pendingInput = useRef<ViewerEntry | null>(null);
  const pendingEdit = useRef<ViewerEdit | null>(null);

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
          onOpenEntry={onOpenEntry}
          onShowLineage={onShowLineage}
          onReplay={onReplay}
          compareOnOpen={compareOnOpen}
          onEdit={(edit) => {
            pendingEdit.current = edit;
            onOpenIdChange(null);
          }}
          onUseAsInput={(entry) => {
            pendingInput.current = entry;
            onOpenIdChange(null);
          }}
          onOpened={() => {
            opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          }}
          onClosed={() => {
            const chosen = pendingInput.current;
            const edit = pendingEdit.current;
            pendingInput.current = null;
            pendingEdit.current = null;
            if (chosen) onUseAsInput(chosen.image, chosen.generation);
            else if (opener.current?.isConnected) opener.current.focus();
            // Opened from a dialog that has gone (the lineage): the gallery, never the bare page.
            else document.getElementById("gallery")?.focus();
            opener.current = null;
            if (edit) onEdit(edit);
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
  onOpenEntry: (entry: ViewerEntry) => void;
  onShowLineage: (image: ImageView) => void;
  onReplay: (image: ImageView) => void;
  compareOnOpen: boolean;
  onEdit: (edit: ViewerEdit) => void;
  onUseAsInput: (entry: ViewerEntry) => void;
  onOpened: () => void;
  onClosed: () => void;
}

function ViewerContent(props: ViewerContentProps) {
  const { entries, index, onMove, onOpenEntry, onShowLineage, onReplay, compareOnOpen, onEdit, onUseAsInput, onOpened, onClosed } = props;
  const entry = entries[index]!;
  const { image, generation } = entry;
  const [comparing, setComparing] = useState(compareOnOpen);
  const [mode, setMode] = useState<CompareMode>("slider");
  // The choice belongs to one image: moving on compares the next one with its own primary input.
  const [picked, setPicked] = useState<{ imageId: string; choiceId: string } | null>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const lineageQuery = useLineage(image.id, { keepPrevious: true });
  const lineage = useMemo(() => (lineageQuery.data ? indexLineage(lineageQuery.data) : null), [lineageQuery.data]);
  const original = useGeneration(generation?.replayOf ?? null);
  const choices = compareChoices(image, generation, original.data ?? null);
  const before = choices.find((choice) => picked?.imageId === image.id && choice.id === picked.choiceId) ?? choices[0];
  const canCompare = before !== undefined;
  const showCompare = comparing && canCompare;
  const parent = lineage?.parents(image.id)[0];
  const child = lineage?.children(image.id)[0];
  const title = generation?.prompt ?? image.fileName ?? "Uploaded image";
  const alt = imageLabel(image, generation);
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
  const openRelative = (relative: ImageView | undefined) =>
    relative && lineage ? () => onOpenEntry(lineageEntry(relative, lineage)) : undefined;
  const shortcuts: Record<string, (() => void) | undefined> = {
    r: () => onUseAsInput(entry),
    e: () => onUseAsInput(entry),
    d: () => downloadImage(image, generation),
    c: canCompare ? () => setComparing(!comparing) : undefined,
    l: () => onShowLineage(image),
    "[": openRelative(parent),
    "]": openRelative(child),
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      // The compare slider and the compare choices move with the arrows themselves.
      if (event.defaultPrevented || event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      event.preventDefault();
      move(event.key === "ArrowLeft" ? -1 : 1);
      return;
    }
    const key = shortcutKey(event);
    const action = key === null ? undefined : shortcuts[key];
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
        <DialogCloseButton className="pointer-coarse:size-11" />
      </header>
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <div className="flex min-h-0 flex-1 flex-col">
        <div className="relative min-h-48 flex-1 bg-zinc-100 dark:bg-black">
          {showCompare ? (
            <CompareStage key={`${image.id}-${before.id}`} before={before} after={{ url: image.url, alt }} mode={mode} />
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
        <ViewerEditBar key={image.id} image={image} onEdit={onEdit} />
        </div>
        <aside className="flex max-h-[45dvh] shrink-0 flex-col gap-4 overflow-y-auto border-t border-zinc-200 p-4 lg:max-h-none lg:w-80 lg:border-t-0 lg:border-l dark:border-zinc-800">
          <DialogDescription>
            Image {index + 1} of {entries.length}.
            {/* Keys mean nothing on a touch screen. */}
            <span className="pointer-coarse:hidden">
              {" "}
              Arrow keys move through the gallery, [ and ] to the parent and child; E uses it as input, D downloads it, L shows its lineage
              {canCompare ? ", C compares it" : ""}.
            </span>
          </DialogDescription>
          {lineage && (
            <FamilyStrip
              image={image}
              parents={lineage.parents(image.id)}
              offspring={lineage.children(image.id)}
              onOpen={(relative) => onOpenEntry(lineageEntry(relative, lineage))}
            />
          )}
          <div className="flex flex-wrap gap-2 [&>button]:pointer-coarse:min-h-11">
            <Button onClick={() => onUseAsInput(entry)} aria-keyshortcuts="E R">
              Use as input
            </Button>
            <Button variant="secondary" onClick={() => downloadImage(image, generation)} aria-keyshortcuts="D">
              Download
            </Button>
            <Button variant="secondary" onClick={() => onShowLineage(image)} aria-keyshortcuts="L">
              Lineage
            </Button>
            {generation && (
              <Button variant="secondary" onClick={() => onReplay(image)}>
                Replay chain
              </Button>
            )}
            {canCompare && (
              <Button
                variant="secondary"
                onClick={() => setComparing(!comparing)}
                aria-pressed={showCompare}
                aria-keyshortcuts="C"
                className="aria-pressed:ring-2 aria-pressed:ring-sky-500"
              >
                Compare
              </Button>
            )}
          </div>
          {showCompare && (
            <ComparePicker
              choices={choices}
              selectedId={before.id}
              onSelect={(choiceId) => setPicked({ imageId: image.id, choiceId })}
              mode={mode}
              onModeChange={setMode}
            />
          )}
          <ViewerDetails image={image} generation={generation} lineage={lineage} />
        </aside>
      </div>
    </DialogContent>
  );
}

function StepButton({ label, shortcut, onClick, className, children }: { label: string; shortcut: string; onClick: () => void; className: string; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-keyshortcuts={shortcut}
      onClick={onClick}
      className={`absolute top-1/2 inline-flex size-11 -translate-y-1/2 items-center justify-center rounded-full bg-white/85 text-zinc-900 shadow ring-1 ring-zinc-300 hover:bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:bg-zinc-900/85 dark:text-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-900 ${className}`}
    >
      <svg viewBox="0 0 16 16" aria-hidden className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        {children}
      </svg>
    </button>
  );
}
