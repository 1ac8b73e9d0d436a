"use client";

import type { MouseEvent, ReactNode } from "react";
import { AddInputIcon, DownloadIcon, EditIcon } from "@/components/ui/icons";
import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { setImageDragData } from "@/components/studio/tray/drag";
import type { ImageActions } from "./image-actions";
import { ImageMenu } from "./image-menu";
import { SelectedMark, useImageSelection } from "@/components/studio/batch/selection";
import { FavouriteButton } from "@/components/studio/boards/favourite-button";
import { pushedThumbnail } from "@/lib/browser/pushed-thumbnails";

interface ImageTileProps {
  image: ImageView;
  generation: GenerationView | null;
  label: string;
  actions: ImageActions;
  width: number;
  height: number;
}

/** Icons over the picture: shown on hover or focus with a mouse; on a touch screen only "⋯", always. */
const OVERLAY_BUTTON =
  "inline-flex size-8 items-center justify-center rounded-lg bg-white/90 text-zinc-900 shadow-sm ring-1 ring-black/10 backdrop-blur transition hover:bg-white focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-500 dark:bg-zinc-900/90 dark:text-zinc-100 dark:ring-white/10 dark:hover:bg-zinc-900";
const HOVER_ONLY = "opacity-0 group-hover:opacity-100 group-focus-within:opacity-100 pointer-coarse:hidden";

/**
 * One stored image: its thumbnail (the one a just-finished job's news carried, else fetched lazily),
 * which opens the viewer (and is a plain link to the original for a new tab), can be dragged onto
 * the inputs, and carries what can be done with it.
 */
export function ImageTile({ image, generation, label, actions, width, height }: ImageTileProps) {
  const selection = useImageSelection();
  const pushed = pushedThumbnail(image.id);
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    if (selection.handleClick(event, image)) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    actions.open(image);
  };

  return (
    <figure className="group relative shrink-0 overflow-hidden rounded-lg bg-zinc-200 dark:bg-zinc-800" style={{ width, height }}>
      <a
        href={image.url}
        onClick={open}
        onDragStart={(event) => setImageDragData(event.dataTransfer, image)}
        className="relative block size-full rounded-lg focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500"
      >
        <img
          src={pushed ?? image.thumbnailUrl}
          width={image.width}
          height={image.height}
          // A pushed thumbnail is in the page already: deferred as a lazy image, it decodes ~10 ms later.
          loading={pushed ? undefined : "lazy"}
          decoding="async"
          alt={label}
          className="size-full object-cover"
        />
        <SelectedMark imageId={image.id} />
      </a>
      <FavouriteButton
        imageId={image.id}
        label={label}
        className="absolute top-1.5 left-1.5 opacity-0 group-hover:opacity-100 group-focus-within:opacity-100 aria-pressed:opacity-100 pointer-coarse:opacity-100"
      />
      <div className="absolute top-1.5 right-1.5 flex gap-1">
        <OverlayButton label="Use as input" className={HOVER_ONLY} onClick={() => actions.useAsInput(image)}>
          <EditIcon />
        </OverlayButton>
        <OverlayButton label="Add to inputs" className={HOVER_ONLY} onClick={() => actions.addToInputs(image)}>
          <AddInputIcon />
        </OverlayButton>
        <OverlayButton label="Download" className={HOVER_ONLY} onClick={() => actions.download(image, generation)}>
          <DownloadIcon />
        </OverlayButton>
        <ImageMenu
          image={image}
          generation={generation}
          label={label}
          actions={actions}
          className={`${OVERLAY_BUTTON} opacity-0 group-hover:opacity-100 group-focus-within:opacity-100 aria-expanded:opacity-100 pointer-coarse:size-11 pointer-coarse:opacity-100`}
        />
      </div>
    </figure>
  );
}

function OverlayButton({ label, className, onClick, children }: { label: string; className: string; onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" aria-label={label} title={label} onClick={onClick} className={`${OVERLAY_BUTTON} ${className}`}>
      {children}
    </button>
  );
}
