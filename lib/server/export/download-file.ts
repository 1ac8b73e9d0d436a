import "server-only";
import { downloadFileName } from "@/lib/shared/gallery/download-name";
import { toGenerationView, toImageView } from "@/lib/shared/gallery/view";
import type { Store } from "@/lib/server/store";
import { provenanceOf, provenancePieces } from "./metadata";

interface DownloadFile {
  /** The file in order, mostly views of the stored original (metadata/index.ts). */
  pieces: Buffer[];
  size: number;
  /** The whole file in one buffer (a copy): for checks, not for sending. */
  readonly bytes: Buffer;
  mime: string;
  name: string;
}

/**
 * The stored original with its provenance written in, and the name the studio's Download button
 * gives it. Null when the visitor cannot read the image. The original is read once (inserting
 * metadata needs its header; an original is at most 50 MB) and sent as views of it, never copied.
 */
export async function downloadFile(store: Store, visitorId: string, imageId: string): Promise<DownloadFile | null> {
  const { images, generations } = await store.exports.read(visitorId, { imageIds: [imageId] });
  const image = images[0];
  const original = image && (await store.images.read(visitorId, image.id));
  if (!image || !original) return null;
  const generation = generations[0] ?? null;
  const pieces = provenancePieces(original, image.mime, provenanceOf(image, generation));
  // Named as the gallery names it: the position among the generation's live outputs, as its card shows them.
  const live = generation ? await store.generations.withOutputs(visitorId, generation.id) : null;
  const view = live ? toGenerationView(live.generation, live.outputs) : generation && toGenerationView(generation);
  return {
    pieces,
    size: pieces.reduce((total, piece) => total + piece.length, 0),
    get bytes() {
      return Buffer.concat(pieces);
    },
    mime: image.mime,
    name: downloadFileName(toImageView(image), view),
  };
}
