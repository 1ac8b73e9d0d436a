import "server-only";
import sharp, { type Sharp } from "sharp";

/** Two gallery columns on a 2× screen; a 30-image page of these stays near a megabyte. */
export const THUMBNAIL_MAX_SIDE = 512;
export const THUMBNAIL_MIME = "image/webp";
/**
 * Measured on 2048² PNGs: quality 70 gives 31 kB for a smooth render and 44 kB for a detailed
 * photo. Effort 4 (libwebp's default) costs ~12 ms more than effort 2 for ~7% smaller files,
 * worth it because a thumbnail is made beside the store's write, not before it.
 */
const WEBP_OPTIONS = { quality: 70, effort: 4 } as const;
/** Bump when the settings above change, so cached thumbnails get a new ETag. */
export const THUMBNAIL_VERSION = 1;

/** 8-bit sRGB pixels, upright, as a decoder left them in memory. */
export interface DecodedPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/**
 * A thumbnail being made from pixels already decoded: it never rejects, and null means it failed,
 * so whoever stores it falls back to making one from the original.
 */
export type PendingThumbnail = Promise<Buffer | null>;

const resizeToThumbnail = (pipeline: Sharp) =>
  pipeline.resize(THUMBNAIL_MAX_SIDE, THUMBNAIL_MAX_SIDE, { fit: "inside", withoutEnlargement: true }).webp(WEBP_OPTIONS).toBuffer();

/** From encoded bytes: decodes them first. Uploads are already upright; orienting again is free without EXIF. */
export function thumbnailFromBytes(bytes: Buffer): Promise<Buffer> {
  return resizeToThumbnail(sharp(bytes, { failOn: "error" }).autoOrient());
}

/** No decode: the resize reads the pixels in memory, which for a 2048² image is most of the saving. */
export function thumbnailFromPixels(pixels: DecodedPixels): Promise<Buffer> {
  const { data, width, height, channels } = pixels;
  return resizeToThumbnail(sharp(data, { raw: { width, height, channels } }));
}

/** The thumbnail of pixels in memory, under way; `release` runs once it is done, whatever the outcome. */
export function pendingThumbnail(pixels: DecodedPixels, release: () => void = () => {}): PendingThumbnail {
  return thumbnailFromPixels(pixels)
    .then(
      (made): Buffer | null => made,
      (error: unknown) => {
        console.error("Could not make a thumbnail from decoded pixels; the store makes it from the original", error);
        return null;
      },
    )
    .finally(release);
}
