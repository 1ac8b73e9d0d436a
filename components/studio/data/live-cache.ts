"use client";

import type { QueryClient } from "@tanstack/react-query";
import { isPending, type GalleryItemView, type GenerationView, type ImageView } from "@/lib/shared/gallery/view";
import type { LiveEvent } from "@/lib/shared/live-events";
import { whenIdle } from "@/lib/browser/when-idle";
import { rememberPushedThumbnails } from "@/lib/browser/pushed-thumbnails";
import { placeOnAutoAddBoard, refreshBoardCounts, refreshFilteredViews } from "@/components/studio/boards/live-organise";
import { OPTIMISTIC_PREFIX, replaceGeneration, studioKeys, updateGallery, type GalleryData } from "./queries";

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
  if (!known && !replacePlaceholder(client, generation)) addToGallery(client, [{ kind: "generation", generation }]);
  client.setQueryData(studioKeys.generation(generation.id), generation);
  refreshFilteredViews(client);
  if (isPending(generation)) return;
  placeOnAutoAddBoard(client, generation);
  // A finished job may have spent credits and grown a family. Asked once the card is drawn: the
  // server answers a page's requests in turn, and these ahead of its picture's would delay the picture.
  whenIdle(() => {
    void client.invalidateQueries({ queryKey: studioKeys.ledger() });
    void client.invalidateQueries({ queryKey: studioKeys.lineages() });
  }, AFTER_THE_PICTURE_MS);
}

/** At the latest: a busy page still shows the spend within a second. */
const AFTER_THE_PICTURE_MS = 1_000;

/**
 * The server's answer to a start takes its placeholder's place, unless the live stream already
 * brought the job (perhaps finished): then the placeholder simply goes.
 */
export function settleOptimistic(client: QueryClient, optimisticId: string, generation: GenerationView): void {
  const known = galleryHolds(client, (item) => item.kind === "generation" && item.generation.id === generation.id);
  const placed = galleryHolds(client, (item) => item.kind === "generation" && item.generation.id === optimisticId);
  updateGallery(client, (items) =>
    items.flatMap((item): GalleryItemView[] => {
      if (item.kind !== "generation" || item.generation.id !== optimisticId) return [item];
      return known ? [] : [{ kind: "generation", generation }];
    }),
  );
  // Its placeholder was taken by a twin start's announcement (same prompt, model and inputs).
  if (!known && !placed) addToGallery(client, [{ kind: "generation", generation }]);
}

/**
 * A job this tab started can be announced before the start's (or retry's) answer arrives: it takes
 * the place of the card it stands for, so no card is ever shown twice. A job carrying its start's
 * request id takes exactly that placeholder; a retry stands in for the card it retries; a job known
 * by no request id takes the oldest placeholder asking for the same thing.
 */
function replacePlaceholder(client: QueryClient, generation: GenerationView): boolean {
  const twin = (candidate: GenerationView) =>
    candidate.id.startsWith(OPTIMISTIC_PREFIX) &&
    candidate.status === "queued" &&
    candidate.prompt === generation.prompt &&
    candidate.model === generation.model &&
    candidate.inputImageIds.join() === generation.inputImageIds.join();
  const held = (client.getQueryData<GalleryData>(studioKeys.gallery())?.pages ?? []).flatMap((page) => page.items);
  const cards = held.flatMap((item) => (item.kind === "generation" ? [item.generation] : []));
  const requestId = generation.requestId ?? null;
  const replaced =
    cards.find((candidate) => requestId !== null && candidate.id === `${OPTIMISTIC_PREFIX}${requestId}`) ??
    cards.find((candidate) => generation.retryOf !== null && candidate.id === generation.retryOf) ??
    // Another tab's job carries a request id of its own: only a job without one is matched by likeness.
    (requestId === null ? cards.findLast(twin) : undefined);
  if (!replaced) return false;
  replaceGeneration(client, replaced.id, generation);
  return true;
}

/**
 * New items on the first page, each at most once (the tab that made them may have added them already),
 * and each where the server's newest-first order will have it: uploads sent together answer in any
 * order, and a card that moves after it is shown moves under the pointer of whoever is picking it.
 */
export function addToGallery(client: QueryClient, items: GalleryItemView[]): void {
  const fresh = items.filter((item) => !galleryHolds(client, (held) => keyOf(held) === keyOf(item)));
  if (fresh.length === 0) return;
  updateGallery(client, (existing, pageIndex) => (pageIndex === 0 ? fresh.reduce(placeByAge, existing) : existing));
}

/** The item goes above the first one that is not newer than it; a tie is broken by id only between uploads, as the server does. */
function placeByAge(items: GalleryItemView[], item: GalleryItemView): GalleryItemView[] {
  const created = createdOf(item);
  const newer = (held: GalleryItemView) =>
    createdOf(held) > created || (createdOf(held) === created && held.kind === "upload" && item.kind === "upload" && held.image.id > item.image.id);
  const index = items.findIndex((held) => !newer(held));
  return index === -1 ? [...items, item] : [...items.slice(0, index), item, ...items.slice(index)];
}

function createdOf(item: GalleryItemView): number {
  return item.kind === "upload" ? item.image.createdAt : item.generation.createdAt;
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
      // First: the cache update below draws the cards that show them.
      if (event.thumbnails) rememberPushedThumbnails(event.thumbnails);
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
