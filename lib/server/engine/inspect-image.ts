import "server-only";
import { inDecodeSlot } from "@/lib/server/images/decode-slots";
import sharp, { type Metadata } from "sharp";
import type { ImageMime } from "@/lib/shared/records";
import { decodeWithThumbnail } from "@/lib/server/images/decode";
import type { PendingThumbnail } from "@/lib/server/images/thumbnail";

/**
 * 40 megapixels: above the largest output (4096 × 4096 ≈ 16.8 MP) and any phone photo, far below
 * the size at which a small file can decompress into gigabytes (a decompression bomb).
 */
export const DEFAULT_MAX_PIXELS = 40_000_000;

/** Bytes that are not an image this server can decode: empty, text, truncated, corrupt or too large. */
export class ImageDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ImageDecodeError";
  }
}

interface ImageInfo {
  /** The decoder's name for the format: png, jpeg, webp, gif, avif, tiff, svg… */
  format: string;
  /** Only the formats the provider accepts have a MIME type here; anything else must be converted. */
  mime: ImageMime | null;
  /** As people see it, after the EXIF orientation is applied. */
  width: number;
  height: number;
}

const MIME_BY_FORMAT: Record<string, ImageMime> = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
};

/**
 * What a decode error should be called: sharp's own wording for the pixel limit is kept apart
 * so callers can tell a person that the picture is too large rather than broken.
 */
function describeFailure(error: unknown, maxPixels: number): string {
  const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  if (/pixel limit/i.test(reason)) return tooManyPixelsMessage(maxPixels);
  return `These bytes are not a readable image (${reason}).`;
}

function tooManyPixelsMessage(maxPixels: number, width?: number, height?: number): string {
  const size = width && height ? `${width} × ${height} = ${width * height} pixels` : "the image";
  return `The image has too many pixels: ${size}, more than the ${maxPixels} allowed.`;
}

/**
 * Checks that `bytes` really are an image by decoding every pixel, not just the header:
 * a truncated upload has a valid header and fails only when its pixel data runs out.
 */
export async function inspectImage(
  bytes: Buffer,
  options: { maxPixels?: number } = {},
): Promise<ImageInfo> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const { info, decoder } = await readHeader(bytes, maxPixels);
  // One channel is enough to make the decoder read all the pixel data, at a quarter of the memory.
  await decode(maxPixels, () => sharp(bytes, decoder).extractChannel(0).raw().toBuffer());
  return info;
}

/**
 * inspectImage whose decode is also the thumbnail's: the pass that reads every pixel streams them
 * into the resize (lib/server/images/decode.ts), so the image is decoded once and its thumbnail is
 * ready by the time the original is stored and announced.
 */
export async function inspectImageWithThumbnail(
  bytes: Buffer,
  options: { maxPixels?: number } = {},
): Promise<ImageInfo & { thumbnail: PendingThumbnail }> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const { info, decoder } = await readHeader(bytes, maxPixels);
  const { thumbnail } = await decode(maxPixels, () => decodeWithThumbnail(bytes, decoder, info.width * info.height));
  return { ...info, thumbnail };
}

async function readHeader(bytes: Buffer, maxPixels: number) {
  if (bytes.length === 0) throw new ImageDecodeError("The file is empty.");
  const decoder = { limitInputPixels: maxPixels, failOn: "error" as const };
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, decoder).metadata();
  } catch (error) {
    throw new ImageDecodeError(describeFailure(error, maxPixels), { cause: error });
  }
  const { width, height } = metadata;
  if (!width || !height) throw new ImageDecodeError("The image has no width or height.");
  if (width * height > maxPixels) {
    throw new ImageDecodeError(tooManyPixelsMessage(maxPixels, width, height));
  }
  // libheif names AVIF "heif"; people and browsers call it AVIF.
  const format = metadata.format === "heif" && metadata.compression === "av1" ? "avif" : metadata.format;
  const info: ImageInfo = {
    format,
    mime: MIME_BY_FORMAT[format] ?? null,
    width: metadata.autoOrient?.width ?? width,
    height: metadata.autoOrient?.height ?? height,
  };
  return { info, decoder };
}

/** Full decodes wait for a slot: one per core, so a burst of large pictures cannot stack up in memory. */
async function decode<T>(maxPixels: number, run: () => Promise<T>): Promise<T> {
  try {
    return await inDecodeSlot(run);
  } catch (error) {
    throw new ImageDecodeError(describeFailure(error, maxPixels), { cause: error });
  }
}

const DATA_URL = /^data:(image\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/i;

/**
 * The bytes inside a base64 `data:image/...` URL, or null for anything else (http URLs, other
 * media types, malformed base64). It does not check that the bytes are an image: inspectImage does.
 */
export function decodeDataUrl(url: string): { mime: string; bytes: Buffer } | null {
  const match = DATA_URL.exec(url);
  if (!match) return null;
  const [, mime, payload] = match;
  if (mime === undefined || payload === undefined || payload.length % 4 === 1) return null;
  return { mime: mime.toLowerCase(), bytes: Buffer.from(payload, "base64") };
}
