import type { ImageHeader } from "./prepare-image-plan";

/** What the page asks of the preparation worker: one picture, with its header already read. */
export interface PrepareRequest {
  id: number;
  file: Blob;
  header: ImageHeader | null;
}

/** A preview first (when there is one), then either the prepared bytes (null: keep the file) or a failure. */
export type PrepareReply =
  | { id: number; kind: "preview"; preview: Blob }
  | { id: number; kind: "done"; prepared: Blob | null }
  | { id: number; kind: "failed"; reason: string };
