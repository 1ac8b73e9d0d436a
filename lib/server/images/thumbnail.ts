import "server-only";
import sharp, { type Sharp, type SharpOptions } from "sharp";

/** Two gallery columns on a 2× screen; a 30-image page of these stays near a megabyte. */
export const THUMBNAIL_MAX_SIDE = 512;
export const THUMBNAIL_MIME = "image/webp";
/**
 * Quality 70 gives 31 kB for a smooth render and 44 kB for a detailed photo (2048² PNGs). Effort 2
 * rather than libwebp's default 4: a generation's thumbnail is made in the pass that checks its
 * pixels, before the result is announced, and effort 4 costs 11 ms more of that pass (27 against
 * 16 ms for a 1024² output) for files about 10 % smaller.
 */
const WEBP_OPTIONS = { quality: 70, effort: 2 } as const;
/** Bump when the settings above change, so cached thumbnails get a new ETag. */
export const THUMBNAIL_VERSION = 2;

/** 8-bit sRGB pixels, upright, as a decoder left them in memory. */
export interface DecodedPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/**
 * The thumbnail handed to the store with an image, so the store never decodes it again: made
 * already (an output's, in the pass that checked it: readyThumbnail), or to be made from pixels in
 * memory (an upload's: pendingThumbnail). The latter is made when the store asks, once the image's
 * row is committed: made earlier, its encoding would compete for the cores with the writes that
 * come before the announcement, which is what a person waits for.
 */
export interface PendingThumbnail {
  /** Starts it, if not yet started; resolves to null if it failed, so the store makes it from the original. Never rejects. */
  made(): Promise<Buffer | null>;
}

/** Longer than a job's outputs take from the decode check to their row (tens of ms), short for 64 MB of pixels. */
export const START_AT_THE_LATEST_MS = 250;

/** Already made elsewhere (or failed: null); for callers with nothing to defer. */
export function readyThumbnail(bytes: Buffer | null): PendingThumbnail {
  const made = Promise.resolve(bytes);
  return { made: () => made };
}

const resizeToThumbnail = (pipeline: Sharp) =>
  pipeline.resize(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE, { fit: "inside", withoutEnlargement: true }).webp(WEBP_OPTIONS).toBuffer();

/** From encoded bytes, decoding them on the way. Uploads are already upright; orienting again is free without EXIF. */
export function thumbnailFromBytes(bytes: Buffer, decoder: SharpOptions = {}): Promise<Buffer> {
  return resizeToThumbnail(sharp(bytes, { failOn: "error", ...decoder }).autoOrient());
}

/** No decode: the resize reads the pixels in memory, which for a 2048² image is most of the saving. */
export function thumbnailFromPixels(pixels: DecodedPixels): Promise<Buffer> {
  const { data, width, height, channels } = pixels;
  return resizeToThumbnail(sharp(data, { raw: { width, height, channels } }));
}

/**
 * The thumbnail of pixels in memory, made when asked; pixels are not held for long, so it starts by
 * itself after START_AT_THE_LATEST_MS. `release` runs once it is done, whatever the outcome.
 */
export function pendingThumbnail(pixels: DecodedPixels, release: () => void = () => {}): PendingThumbnail {
  let making: Promise<Buffer | null> | undefined;
  const made = () =>
    (making ??= thumbnailFromPixels(pixels)
      .then(
        (bytes): Buffer | null => bytes,
        (error: unknown) => {
          console.error("Could not make a thumbnail from decoded pixels; the store makes it from the original", error);
          return null;
        },
      )
      .finally(() => {
        clearTimeout(latest);
        release();
      }));
  const latest = setTimeout(made, START_AT_THE_LATEST_MS);
  latest.unref();
  return { made };
}
