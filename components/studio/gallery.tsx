"use client";

import { useEffect, useRef } from "react";
import type { GalleryItemView, GenerationView } from "@/lib/gallery/view";
import { GenerationCard } from "./generation-card";
import type { ImageActions } from "./image-actions";
import { ImageTile } from "./image-tile";

interface GalleryProps {
  items: GalleryItemView[];
  hiddenIds: ReadonlySet<string>;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onCancel: (generation: GenerationView) => void;
  onRetry: (generation: GenerationView) => void;
  actions: ImageActions;
}

/** Newest first; older pages load as the end of the list scrolls into view. */
export function Gallery({ items, hiddenIds, hasMore, loadingMore, onLoadMore, onCancel, onRetry, actions }: GalleryProps) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !loadingMore) onLoadMore();
    }, { rootMargin: "800px" });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasMore, loadingMore, onLoadMore]);

  const visible = items.filter((item) =>
    item.kind === "upload"
      ? !hiddenIds.has(item.image.id)
      : item.generation.status !== "succeeded" || item.generation.outputs.some((image) => !hiddenIds.has(image.id)),
  );

  if (visible.length === 0 && !hasMore) {
    return (
      <div className="flex h-full min-h-64 items-center justify-center rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
        Your images will appear here. Write a prompt and press Generate, or drop pictures anywhere to edit them.
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <ol className="flex flex-col gap-4" aria-label="Generations">
        {visible.map((item) =>
          item.kind === "generation" ? (
            <li key={item.generation.id}>
              <GenerationCard generation={item.generation} onCancel={onCancel} onRetry={onRetry} actions={actions} hiddenIds={hiddenIds} />
            </li>
          ) : (
            <li key={item.image.id}>
              <article
                aria-label={`Upload: ${item.image.fileName ?? "image"}`}
                className="grid grid-cols-[7rem_1fr] items-start gap-3 rounded-xl border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
              >
                <ImageTile image={item.image} generation={null} label={`Uploaded ${item.image.fileName ?? "image"}`} actions={actions} compact />
                <p className="min-w-0 text-sm break-words text-zinc-600 dark:text-zinc-300">
                  Uploaded {item.image.fileName} · {item.image.width}×{item.image.height}
                </p>
              </article>
            </li>
          ),
        )}
      </ol>
      <div ref={sentinel} aria-hidden />
      {loadingMore && (
        <p role="status" className="self-center text-sm text-zinc-600 dark:text-zinc-300">
          Loading older images…
        </p>
      )}
    </div>
  );
}
