"use client";

import { Button } from "@/components/ui/button";
import type { GalleryItemView, GenerationView, ImageView } from "@/lib/gallery/view";
import { GenerationCard } from "./generation-card";
import { ImageTile } from "./image-tile";

interface GalleryProps {
  items: GalleryItemView[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onCancel: (generation: GenerationView) => void;
  onRetry: (generation: GenerationView) => void;
  onUseAsInput: (image: ImageView) => void;
  onDelete: (image: ImageView) => void;
}

export function Gallery({ items, hasMore, loadingMore, onLoadMore, ...actions }: GalleryProps) {
  if (items.length === 0) {
    return (
      <div className="flex h-full min-h-64 items-center justify-center rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
        Your images will appear here. Write a prompt and press Generate.
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <ol className="flex flex-col gap-4" aria-label="Generations">
        {items.map((item) =>
          item.kind === "generation" ? (
            <li key={item.generation.id}>
              <GenerationCard generation={item.generation} {...actions} />
            </li>
          ) : (
            <li key={item.image.id}>
              <article
                aria-label={`Upload: ${item.image.fileName ?? "image"}`}
                className="grid grid-cols-[6rem_1fr] items-start gap-3 rounded-xl border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
              >
                <ImageTile image={item.image} label={`Uploaded ${item.image.fileName ?? "image"}`} onUseAsInput={actions.onUseAsInput} onDelete={actions.onDelete} />
                <p className="text-sm break-all text-zinc-600 dark:text-zinc-300">
                  Uploaded {item.image.fileName} · {item.image.width}×{item.image.height}
                </p>
              </article>
            </li>
          ),
        )}
      </ol>
      {hasMore && (
        <Button variant="secondary" onClick={onLoadMore} disabled={loadingMore} className="self-center">
          {loadingMore ? "Loading…" : "Show older"}
        </Button>
      )}
    </div>
  );
}
