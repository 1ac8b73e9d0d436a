"use client";

import type { QueryClient } from "@tanstack/react-query";
import { isPending, type GalleryItemView, type GenerationView, type ImageView } from "@/lib/shared/gallery/view";
import type { LiveEvent } from "@/lib/shared/live-events";
import { placeOnAutoAddBoard, refreshBoardCounts, refreshFilteredViews } from "@/components/studio/boards/live-organise";
import { OPTIMISTIC_PREFIX, studioKeys, updateGallery, type GalleryData } from "./queries";

/** Where a status stands in a job's life: an announcement never moves a card backwards. */
const STAGE: Record<GenerationView["status"], number> = { queued: 0, running: 1, succeeded: 2, failed: 2, canceled: 2, interrupted: 2 };

function galleryHolds(client: QueryClient, matches: (item: GalleryItemView) => boolean): boolean {
  return (client.getQueryData<GalleryData>(studioKeys.gallery())?.pages ?? []).some((page) => page.items.some(matches));
}

/** A job as announced: its card updated in place, or added on top when another tab started it. */
export function applyGeneration(client: QueryClient, generation: GenerationView): void {
  let known = false;
  updateGallery(client, (items) =>
    items.map((item) => {
      if (item.kind !== "generation" || item.generation.id !== generation.id) return item;
      known = true;
      return STAGE[generation.status] < STAGE[item.generation.status] ? item : { kind: "generation", generation };
    }),
  );
  // Announced before the start's own answer: the job takes its placeholder's place, never beside it.
  if (!known && generation.requestId) {
    const placeholderId = `${OPTIMISTIC_PREFIX}${generation.requestId}`;
    updateGallery(client, (items) =>
      items.map((item) => {
        if (item.kind !== "generation" || item.generation.id !== placeholderId) return item;
        known = true;
        return { kind: "generation", generation };
      }),
    );
  }
  if (!known) addToGallery(client, [{ kind: "generation", generation }]);
  client.setQueryData(studioKeys.generation(generation.id), generation);
  refreshFilteredViews(client);
  if (isPending(generation)) return;
  placeOnAutoAddBoard(client, generation);
  // A finished job may have spent credits and grown a family.
  void client.invalidateQueries({ queryKey: studioKeys.ledger() });
  void client.invalidateQueries({ queryKey: studioKeys.lineages() });
}

/**
 * The server's answer to a start takes its placeholder's place, unless the live stream already
 * brought the job (perhaps finished): then the placeholder simply goes.
 */
export function settleOptimistic(client: QueryClient, optimisticId: string, generation: GenerationView): void {
  const known = galleryHolds(client, (item) => item.kind === "generation" && item.generation.id === generation.id);
  updateGallery(client, (items) =>
    items.flatMap((item): GalleryItemView[] => {
      if (item.kind !== "generation" || item.generation.id !== optimisticId) return [item];
      return known ? [] : [{ kind: "generation", generation }];
    }),
  );
}

/** New items on the first page, newest first, each at most once (the tab that made them may have added them already). */
export function addToGallery(client: QueryClient, items: GalleryItemView[]): void {
  const fresh = items.filter((item) => !galleryHolds(client, (held) => keyOf(held) === keyOf(item)));
  if (fresh.length === 0) return;
  updateGallery(client, (existing, pageIndex) => (pageIndex === 0 ? [...fresh, ...existing] : existing));
}

function keyOf(item: GalleryItemView): string {
  return item.kind === "upload" ? `upload:${item.image.id}` : `generation:${item.generation.id}`;
}

export function removeImage(client: QueryClient, imageId: string): void {
  updateGallery(client, (items) =>
    items.flatMap((item): GalleryItemView[] => {
      if (item.kind === "upload") return item.image.id === imageId ? [] : [item];
      const outputs = item.generation.outputs.filter((output) => output.id !== imageId);
      if (outputs.length === item.generation.outputs.length) return [item];
      return outputs.length === 0 ? [] : [{ kind: "generation", generation: { ...item.generation, outputs } }];
    }),
  );
}

export function addUploads(client: QueryClient, images: ImageView[]): void {
  addToGallery(client, images.map((image) => ({ kind: "upload" as const, image })).reverse());
}

/** TanStack Query's cache written from one pushed event. */
export function applyLiveEvent(client: QueryClient, event: LiveEvent): void {
  switch (event.type) {
    case "generation":
      return applyGeneration(client, event.generation);
    case "images-added":
      addUploads(client, event.images);
      return refreshFilteredViews(client);
    case "image-deleted":
      removeImage(client, event.imageId);
      refreshBoardCounts(client);
      return refreshFilteredViews(client);
    case "resync":
      void client.invalidateQueries({ queryKey: studioKeys.all });
  }
}
