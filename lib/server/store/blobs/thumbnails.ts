import "server-only";
import { inDecodeSlot } from "@/lib/server/images/decode-slots";
import { thumbnailFromBytes, type PendingThumbnail } from "@/lib/server/images/thumbnail";
import type { BlobStore, OpenedBlob } from "./blob-store";
import { StoreError } from "../errors";

export { THUMBNAIL_MAX_SIDE, THUMBNAIL_MIME, THUMBNAIL_VERSION } from "@/lib/server/images/thumbnail";

export async function makeThumbnail(bytes: Buffer): Promise<Buffer> {
  try {
    return await inDecodeSlot(() => thumbnailFromBytes(bytes));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new StoreError("invalid_input", `Could not make a thumbnail: the bytes are not a readable image (${reason}).`, {
      cause: error,
    });
  }
}

/**
 * Thumbnails are stored as soon as an image's row is committed but not awaited there: the row and
 * its announcement go first, and nobody needs the thumbnail until the page asks for it. A request
 * that arrives first waits for the same work instead of repeating it. Whoever decoded the image
 * already (to check it) hands over its thumbnail, made in that pass or from those pixels, so
 * nothing decodes it twice.
 */
export interface Thumbnails {
  /** Starts storing the thumbnail of a stored original (the one under way, else made from the original), unless it exists or is under way. */
  start(blobKey: string, original: Buffer, pending?: PendingThumbnail): void;
  /** The thumbnail, made now from the original on disk if it is missing; null if the original is too. */
  open(blobKey: string): Promise<OpenedBlob | null>;
  /** Resolves once no work for this blob is under way, so its files can be removed. */
  settled(blobKey: string): Promise<void>;
  /** Resolves once nothing is under way, so the store can close. */
  idle(): Promise<void>;
}

export function createThumbnails(blobs: BlobStore): Thumbnails {
  const underWay = new Map<string, Promise<void>>();

  const ensure = (blobKey: string, loadOriginal: () => Promise<Buffer | null>, pending?: PendingThumbnail): Promise<void> => {
    const running = underWay.get(blobKey);
    if (running) return running;
    const work = (async () => {
      if (await blobs.has("thumbnail", blobKey)) return;
      const made = await pending?.made();
      if (made) return blobs.put("thumbnail", blobKey, made);
      const original = await loadOriginal();
      if (original) await blobs.put("thumbnail", blobKey, await makeThumbnail(original));
    })().finally(() => underWay.delete(blobKey));
    underWay.set(blobKey, work);
    return work;
  };

  return {
    start(blobKey, original, pending) {
      // No caller is waiting: a failure here is retried by the first request for this thumbnail.
      ensure(blobKey, async () => original, pending).catch((error: unknown) =>
        console.error(`Could not make the thumbnail of blob ${blobKey}`, error),
      );
    },
    async open(blobKey) {
      await ensure(blobKey, () => blobs.read("original", blobKey));
      return blobs.open("thumbnail", blobKey);
    },
    async settled(blobKey) {
      await underWay.get(blobKey)?.catch(() => undefined);
    },
    async idle() {
      await Promise.allSettled([...underWay.values()]);
    },
  };
}
