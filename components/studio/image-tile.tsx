"use client";

import { Button } from "@/components/ui/button";
import type { ImageView } from "@/lib/gallery/view";

interface ImageTileProps {
  image: ImageView;
  label: string;
  onUseAsInput: (image: ImageView) => void;
  onDelete?: (image: ImageView) => void;
}

/** One stored image: its thumbnail (lazy), a link to the original, and what can be done with it. */
export function ImageTile({ image, label, onUseAsInput, onDelete }: ImageTileProps) {
  return (
    <figure className="flex flex-col gap-2">
      <a href={image.url} target="_blank" rel="noreferrer" className="block">
        <img
          src={image.thumbnailUrl}
          width={image.width}
          height={image.height}
          loading="lazy"
          decoding="async"
          alt={label}
          className="h-auto w-full rounded-lg bg-zinc-100 dark:bg-zinc-800"
        />
      </a>
      <figcaption className="flex flex-wrap gap-2">
        <Button variant="secondary" className="px-3 py-1 text-xs" onClick={() => onUseAsInput(image)}>
          Use as input
        </Button>
        {onDelete && (
          <Button variant="secondary" className="px-3 py-1 text-xs" onClick={() => onDelete(image)}>
            Delete
          </Button>
        )}
      </figcaption>
    </figure>
  );
}
