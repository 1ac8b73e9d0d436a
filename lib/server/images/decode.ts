import "server-only";
import type { SharpOptions } from "sharp";
import { decodedPixels } from "./decoded-pixels";
import { readyThumbnail, thumbnailFromBytes, type PendingThumbnail } from "./thumbnail";

const RGBA = 4;

/**
 * Decodes every pixel of `bytes` to prove the file whole, in the same pass that makes its
 * thumbnail: libvips streams the decoder's rows into the resize, so the file is read once and its
 * full-size pixels never sit in memory as one buffer. On a 2048² PNG the pass costs about 40 ms,
 * where a decode to memory and a thumbnail from it cost 25 + 25 ms. A truncated or corrupt file
 * fails the pass (rows missing are an error to the decoder), rejecting with sharp's error.
 * `pixelCount` (from the header) sizes the share of decodedPixels held while it runs: an
 * interlaced PNG, unlike most files, is decoded whole before the resize can read it.
 */
export async function decodeWithThumbnail(
  bytes: Buffer,
  decoder: SharpOptions,
  pixelCount: number,
): Promise<{ thumbnail: PendingThumbnail }> {
  const made = await decodedPixels.run(pixelCount * RGBA, () => thumbnailFromBytes(bytes, decoder));
  return { thumbnail: readyThumbnail(made) };
}
