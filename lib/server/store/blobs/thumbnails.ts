import "server-only";
import { inDecodeSlot } from "@/lib/server/images/decode-slots";
import sharp from "sharp";
import type { BlobStore, OpenedBlob } from "./blob-store";
import { StoreError } from "../errors";

/** Two gallery columns on a 2× screen; a 30-image page of these stays near a megabyte. */
export const THUMBNAIL_MAX_SIDE = 512;
export const THUMBNAIL_MIME = "image/webp";
/**
 * Measured on 2048² PNGs: quality 70 gives 31 kB for a smooth render and 44 kB for a detailed
 * photo. Effort 4 (libwebp's default) costs ~12 ms more than effort 2 for ~7% smaller files,
 * worth it because thumbnails are made in the background (below), not while a job waits.
 */
const WEBP_OPTIONS = { quality: 70, effort: 4 } as const;
/** Bump when the settings above change, so cached thumbnails get a new ETag. */
export const THUMBNAIL_VERSION = 1;

/** Uploads are already upright; orienting again is free when there is no EXIF and right when there is. */
export async function makeThumbnail(bytes: Buffer): Promise<Buffer> {
  try {
    return await inDecodeSlot(() =>
      sharp(bytes, { failOn: "error" })
        .autoOrient()
        .resize(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE, { fit: "inside", withoutEnlargement: true })
        .webp(WEBP_OPTIONS)
        .toBuffer(),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new StoreError("invalid_input", `Could not make a thumbnail: the bytes are not a readable image (${reason}).`, {
      cause: error,
    });
  }
}

/**
 * Thumbnails are started as soon as an image's row is committed but not awaited there: decoding
 * a 2048² PNG takes longer than the rest of storing it, and nobody needs the thumbnail until the
 * page asks for it. A request that arrives first waits for the same work instead of repeating it.
 */
export interface Thumbnails {
  /** Starts making the thumbnail of a stored original, unless it exists or is under way. */
  start(blobKey: string, original: Buffer): void;
  /** The thumbnail, made now from the original on disk if it is missing; null if the original is too. */
  open(blobKey: string): Promise<OpenedBlob | null>;
  /** Resolves once no work for this blob is under way, so its files can be removed. */
  settled(blobKey: string): Promise<void>;
  /** Resolves once nothing is under way, so the store can close. */
  idle(): Promise<void>;
}

export function createThumbnails(blobs: BlobStore): Thumbnails {
  const underWay = new Map<string, Promise<void>>();

  const ensure = (blobKey: string, loadOriginal: () => Promise<Buffer | null>): Promise<void> => {
    const running = underWay.get(blobKey);
    if (running) return running;
    const work = (async () => {
      if (await blobs.has("thumbnail", blobKey)) return;
      const original = await loadOriginal();
      if (original) await blobs.put("thumbnail", blobKey, await makeThumbnail(original));
    })().finally(() => underWay.delete(blobKey));
    underWay.set(blobKey, work);
    return work;
  };

  return {
    start(blobKey, original) {
      // No caller is waiting: a failure here is retried by the first request for this thumbnail.
      ensure(blobKey, async () => original).catch((error: unknown) =>
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
