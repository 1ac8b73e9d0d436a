import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";

/**
 * What the server pushes to a visitor's pages over `GET /api/events`: each change as it happens,
 * so the page writes it into its cache instead of asking. `resync` says that changes were missed
 * (a reconnect after too long, or to another server process): refetch what is shown.
 */
export type LiveEvent =
  | { type: "generation"; generation: GenerationView }
  | { type: "images-added"; images: ImageView[] }
  | { type: "image-deleted"; imageId: string }
  | { type: "resync" }
  /** On a share link's topic only: what the link shows changed (or the link was revoked); redraw it. */
  | { type: "share-changed" };

/** The server's heartbeat, so a page can tell a quiet stream from one a proxy is holding back. */
export const HEARTBEAT_MS = 15_000;
/** A page that hears nothing for this long (two heartbeats and some) polls instead, quietly. */
export const SILENCE_FALLBACK_MS = 35_000;
