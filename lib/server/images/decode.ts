import "server-only";
import sharp, { type SharpOptions } from "sharp";
import { decodedPixels } from "./decoded-pixels";
import { pendingThumbnail, type PendingThumbnail } from "./thumbnail";

const RGBA = 4;

/**
 * Decodes every pixel of `bytes` (upright, 8-bit sRGB) to prove the file whole, and starts the
 * thumbnail from those pixels, so nothing has to decode the image a second time. The pixels count
 * against decodedPixels from the decode until the thumbnail is done; `pixelCount` (from the
 * header) sizes that share before anything is decoded. A failed decode rejects with sharp's error.
 */
export async function decodeWithThumbnail(
  bytes: Buffer,
  decoder: SharpOptions,
  pixelCount: number,
): Promise<{ thumbnail: PendingThumbnail }> {
  const release = await decodedPixels.reserve(pixelCount * RGBA);
  try {
    const { data, info } = await sharp(bytes, decoder)
      .autoOrient()
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    // In an object: a promise returned bare from an async function would be waited for.
    return { thumbnail: pendingThumbnail({ data, width: info.width, height: info.height, channels: info.channels }, release) };
  } catch (error) {
    release();
    throw error;
  }
}
