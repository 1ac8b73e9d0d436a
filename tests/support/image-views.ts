import type { ImageView } from "@/lib/shared/gallery/view";

/** A record id numbered `n`, so tests can name images by small numbers. */
export const numberedId = (n: number) => `0190a6c4-0000-7000-8000-${String(n).padStart(12, "0")}`;

/** An upload as the page sees it, numbered `n`. */
export const uploadView = (n: number, width = 400, height = 300): ImageView => ({
  id: numberedId(n),
  url: `/api/images/${numberedId(n)}`,
  thumbnailUrl: `/api/images/${numberedId(n)}/thumbnail`,
  width,
  height,
  mime: "image/png",
  bytes: 1,
  origin: "upload",
  fileName: `${n}.png`,
  generationId: null,
  seed: null,
  createdAt: 0,
});
