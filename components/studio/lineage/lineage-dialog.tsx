"use client";

import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogCloseButton, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { imageLabel, type GenerationView, type ImageView } from "@/lib/shared/gallery/view";
import { layoutLineage } from "@/lib/shared/lineage/layout";
import { indexLineage, type LineageIndex } from "@/lib/shared/lineage/navigation";
import type { LineageView } from "@/lib/shared/lineage/types";
import { LineageGraph } from "./lineage-graph";
import { PromptDiff } from "./prompt-diff";
import { useLineage } from "@/components/studio/data/queries";
import { MadeFrom } from "@/components/studio/viewer/viewer-details";
import { shortcutKey } from "@/components/studio/shortcuts/shortcut-key";

/** What can be done from a node; the studio implements these. */
export interface LineageActions {
  open(image: ImageView, generation: GenerationView | null): void;
  compare(image: ImageView, generation: GenerationView | null): void;
  continueFrom(image: ImageView, generation: GenerationView | null): void;
  replay(image: ImageView): void;
}

interface LineageDialogProps {
  /** The image whose family is shown, or null when closed. */
  imageId: string | null;
  onClose: () => void;
  actions: LineageActions;
}

/**
 * Where an image came from and what came of it. `[` and `]` walk to the parent and the first
 * child, ← and → along a row; C compares the picked image with its parent, E continues from it.
 */
export function LineageDialog({ imageId, onClose, actions }: LineageDialogProps) {
  // "Use as input" waits until the dialog has closed: while it is open its focus trap would
  // pull focus back from the prompt box, and on closing it would hand focus to the opener instead.
  const afterClose = useRef<(() => void) | null>(null);
  const closingActions: LineageActions = {
    ...actions,
    continueFrom: (image, generation) => {
      afterClose.current = () => actions.continueFrom(image, generation);
      onClose();
    },
  };
  return (
    <Dialog open={imageId !== null} onOpenChange={(open) => !open && onClose()}>
      {imageId !== null && (
        <LineageContent
          key={imageId}
          imageId={imageId}
          actions={closingActions}
          onCloseAutoFocus={(event, opener) => {
            const then = afterClose.current;
            afterClose.current = null;
            event.preventDefault();
            if (then) then();
            // Back to what opened it (a tile's button, the viewer); never to the page itself.
            else if (opener?.isConnected) opener.focus();
            else document.getElementById("gallery")?.focus();
          }}
        />
      )}
    </Dialog>
  );
}

interface LineageContentProps {
  imageId: string;
  actions: LineageActions;
  onCloseAutoFocus: (event: Event, opener: HTMLElement | null) => void;
}

function LineageContent({ imageId, actions, onCloseAutoFocus }: LineageContentProps) {
  const lineage = useLineage(imageId);
  const contentRef = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  // The keys belong to the whole dialog, which has the focus when it opens (not its Close button).
  const keys = useRef<((event: KeyboardEvent<HTMLDivElement>) => void) | null>(null);
  return (
    <DialogContent
      ref={contentRef}
      layout="full"
      aria-busy={lineage.isPending}
      onKeyDown={(event) => keys.current?.(event)}
      onOpenAutoFocus={(event) => {
        opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        event.preventDefault();
        contentRef.current?.focus();
      }}
      onCloseAutoFocus={(event) => onCloseAutoFocus(event, opener.current)}
    >
      <header className="flex items-start gap-3 border-b border-zinc-200 p-3 sm:px-4 dark:border-zinc-800">
        <div className="min-w-0 flex-1">
          <DialogTitle>Lineage</DialogTitle>
          <DialogDescription>
            {lineage.data ? summary(lineage.data) : lineage.isError ? lineage.error.message : "Loading the lineage…"} Keys: [ parent, ] child,
            ← → along a row, C compare with its parent, E use as input, Enter opens.
          </DialogDescription>
        </div>
        <DialogCloseButton />
      </header>
      {lineage.data && <LineageBody view={lineage.data} actions={actions} keys={keys} />}
    </DialogContent>
  );
}

function LineageBody({ view, actions, keys }: { view: LineageView; actions: LineageActions; keys: RefObject<((event: KeyboardEvent<HTMLDivElement>) => void) | null> }) {
  const layout = useMemo(() => layoutLineage(view), [view]);
  const index = useMemo(() => indexLineage(view), [view]);
  const [selectedId, setSelectedId] = useState(view.focusId);
  const selected = index.image(selectedId) ?? index.image(view.focusId);
  if (!selected) return null;
  const generation = index.madeBy(selected.id) ?? null;

  const rowOrder = layout.groups
    .toSorted((a, b) => a.row - b.row || a.x - b.x)
    .flatMap((group) => group.images.map((cell) => ({ id: cell.image.id, row: group.row })));
  const alongRow = (delta: number) => {
    const at = rowOrder.findIndex((entry) => entry.id === selected.id);
    const next = rowOrder[at + delta];
    return next && next.row === rowOrder[at]?.row ? next.id : undefined;
  };

  const keyActions: Record<string, (() => void) | undefined> = {
    "[": move(index.parents(selected.id)[0]?.id),
    "]": move(index.children(selected.id)[0]?.id),
    ArrowLeft: move(alongRow(-1)),
    ArrowRight: move(alongRow(1)),
    c: index.parents(selected.id).length > 0 ? () => actions.compare(selected, generation) : undefined,
    e: () => actions.continueFrom(selected, generation),
  };
  function move(id: string | undefined) {
    return id === undefined ? undefined : () => setSelectedId(id);
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const key = shortcutKey(event);
    const action = key === null ? undefined : keyActions[key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  useLayoutEffect(() => {
    keys.current = onKeyDown;
  });

  return (
    <div className="flex min-h-0 flex-1 flex-col-reverse lg:flex-row">
      <div className="min-h-64 flex-1 overflow-auto p-4">
        <LineageGraph
          layout={layout}
          focusId={view.focusId}
          selectedId={selected.id}
          onPick={(image) => (image.id === selected.id ? actions.open(image, generation) : setSelectedId(image.id))}
        />
        {view.truncated && (
          <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-300">This family is too large to draw whole; the images farthest from this one are left out.</p>
        )}
      </div>
      <SelectedImage image={selected} generation={generation} index={index} actions={actions} />
    </div>
  );
}

function SelectedImage({ image, generation, index, actions }: { image: ImageView; generation: GenerationView | null; index: LineageIndex; actions: LineageActions }) {
  const parents = index.parents(image.id);
  const parentPrompt = index.parentPrompt(image.id);
  return (
    <aside
      aria-label="Picked image"
      className="flex max-h-[40dvh] shrink-0 flex-col gap-3 overflow-y-auto border-b border-zinc-200 p-4 lg:max-h-none lg:w-80 lg:border-b-0 lg:border-l dark:border-zinc-800"
    >
      <p className="text-sm font-medium break-words">{imageLabel(image, generation)}</p>
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => actions.open(image, generation)}>Open</Button>
        <Button variant="secondary" aria-keyshortcuts="E" onClick={() => actions.continueFrom(image, generation)}>
          Use as input
        </Button>
        {parents.length > 0 && (
          <Button variant="secondary" aria-keyshortcuts="C" onClick={() => actions.compare(image, generation)}>
            Compare with parent
          </Button>
        )}
        {generation && (
          <Button variant="secondary" onClick={() => actions.replay(image)}>
            Replay chain
          </Button>
        )}
      </div>
      {generation && (
        <section aria-label="Prompt change" className="text-sm">
          <h3 className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
            {parentPrompt === null ? "Prompt" : "Prompt, changed from the step before"}
          </h3>
          {parentPrompt === null ? (
            <p dir="auto" className="whitespace-pre-wrap">{generation.prompt}</p>
          ) : (
            <PromptDiff before={parentPrompt} after={generation.prompt} />
          )}
        </section>
      )}
      {generation && generation.inputImageIds.length > 0 && (
        <section aria-label="Made from" className="text-xs text-zinc-600 dark:text-zinc-400">
          <h3 className="mb-1 font-medium">Made from</h3>
          <MadeFrom ids={generation.inputImageIds} lineage={index} />
        </section>
      )}
    </aside>
  );
}

function summary(view: LineageView): string {
  const steps = view.generations.length;
  return `${view.images.length} ${view.images.length === 1 ? "image" : "images"}, ${steps} ${steps === 1 ? "step" : "steps"}.`;
}
