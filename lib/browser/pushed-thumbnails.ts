import type { PushedThumbnail } from "@/lib/shared/live-events";

/** Enough for the newest screenful of results; older cards fetch their thumbnails like any image. */
const KEPT = 48;

/** Image id → data URL, oldest first: a Map keeps insertion order, so the first key is the one to drop. */
const pushed = new Map<string, string>();

/**
 * Keeps the thumbnails a finished job's live event carried (lib/shared/live-events.ts), so its cards
 * draw from them instead of asking the server. Called before the event reaches the query cache, whose
 * update draws the cards.
 */
export function rememberPushedThumbnails(thumbnails: readonly PushedThumbnail[]): void {
  for (const { imageId, dataUrl } of thumbnails) {
    pushed.delete(imageId);
    pushed.set(imageId, dataUrl);
    if (pushed.size > KEPT) pushed.delete(pushed.keys().next().value!);
  }
}

/** The pushed thumbnail of an image, if its event brought one recently. */
export function pushedThumbnail(imageId: string): string | undefined {
  return pushed.get(imageId);
}
