"use client";

import type { MouseEvent } from "react";
import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { setImageDragData } from "@/components/studio/tray/drag";
import type { ImageActions } from "./image-actions";
import { SelectedMark, useImageSelection } from "@/components/studio/batch/selection";
import { FavouriteButton } from "@/components/studio/boards/favourite-button";
import { useOrganise } from "@/components/studio/boards/organise-context";

interface ImageTileProps {
  image: ImageView;
  generation: GenerationView | null;
  label: string;
  actions: ImageActions;
  compact?: boolean;
}

const ACTION_CLASS =
  "rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:hover:bg-zinc-800";

/**
 * One stored image: its thumbnail (lazy), which opens the viewer (and is a plain link to the
 * original for a new tab), can be dragged onto the tray, and carries what can be done with it.
 */
export function ImageTile({ image, generation, label, actions, compact = false }: ImageTileProps) {
  const selection = useImageSelection();
  const organise = useOrganise();
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    if (selection.handleClick(event, image)) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    actions.open(image);
  };

  return (
    <figure className="relative flex min-w-0 flex-col gap-2">
      <a
        href={image.url}
        onClick={open}
        onDragStart={(event) => setImageDragData(event.dataTransfer, image)}
        className="relative block overflow-hidden rounded-lg bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:bg-zinc-800"
      >
        <img
          src={image.thumbnailUrl}
          width={image.width}
          height={image.height}
          loading="lazy"
          decoding="async"
          alt={label}
          className="h-auto w-full"
        />
        <SelectedMark imageId={image.id} />
      </a>
      <FavouriteButton imageId={image.id} label={label} className="absolute top-2 right-2" />
      <figcaption className="flex flex-wrap gap-1.5">
        <button type="button" className={ACTION_CLASS} onClick={() => actions.useAsInput(image)}>
          Use as input
        </button>
        {!compact && (
          <button type="button" className={ACTION_CLASS} onClick={() => actions.addToInputs(image)}>
            Add to inputs
          </button>
        )}
        {generation && !compact && (
          <button type="button" className={ACTION_CLASS} onClick={() => actions.reuseSettings(generation)}>
            Reuse settings
          </button>
        )}
        <button type="button" className={ACTION_CLASS} onClick={() => actions.showLineage(image)}>
          Lineage
        </button>
        <button type="button" className={ACTION_CLASS} onClick={() => actions.download(image, generation)}>
          Download
        </button>
        <button type="button" className={ACTION_CLASS} onClick={() => organise.pickBoards([image.id], label)}>
          Boards
        </button>
        <button type="button" className={ACTION_CLASS} onClick={() => organise.share({ target: { kind: "image", imageId: image.id }, label })}>
          Share
        </button>
        {!compact && (
          <button type="button" className={ACTION_CLASS} onClick={() => organise.share({ target: { kind: "lineage", imageId: image.id }, label: `the lineage of ${label}` })}>
            Share lineage
          </button>
        )}
        <button type="button" className={ACTION_CLASS} onClick={() => actions.remove(image)}>
          Delete
        </button>
      </figcaption>
    </figure>
  );
}
