import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";

/**
 * What the server pushes to a visitor's pages over `GET /api/events`: each change as it happens,
 * so the page writes it into its cache instead of asking. `resync` says that changes were missed
 * (a reconnect after too long, or to another server process): refetch what is shown.
 */
export type LiveEvent =
  | { type: "generation"; generation: GenerationView; thumbnails?: PushedThumbnail[] }
  | { type: "images-added"; images: ImageView[] }
  | { type: "image-deleted"; imageId: string }
  | { type: "resync" }
  /** On a share link's topic only: what the link shows changed (or the link was revoked); redraw it. */
  | { type: "share-changed" };

/**
 * A finished job's thumbnails, sent with its event to the pages listening at that moment, so the new
 * card draws without asking for them: a round trip saved, which on a real network is most of what
 * is left between the result being stored and the person seeing it. They are never kept for a
 * reconnect nor carried between server processes; a page that missed them asks
 * `/api/images/<id>/thumbnail` as it does for every other image.
 */
export interface PushedThumbnail {
  imageId: string;
  /** `data:image/webp;base64,…`, the very bytes the thumbnail route serves. */
  dataUrl: string;
}

/** Per event: four 512 px thumbnails fit (30–45 kB each); larger batches send what fits and the rest is fetched. */
export const PUSHED_THUMBNAILS_MAX_BYTES = 256 * 1024;

/** The event as a reconnecting page gets it: without what was only worth sending at once. */
export function keptForReconnect(event: LiveEvent): LiveEvent {
  if (event.type !== "generation" || !event.thumbnails) return event;
  const { thumbnails: _sentOnce, ...kept } = event;
  return kept;
}

/** The server's heartbeat, so a page can tell a quiet stream from one a proxy is holding back. */
export const HEARTBEAT_MS = 15_000;
/** A page that hears nothing for this long (two heartbeats and some) polls instead, quietly. */
export const SILENCE_FALLBACK_MS = 35_000;
