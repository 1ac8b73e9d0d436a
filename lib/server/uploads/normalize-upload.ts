import "server-only";
import { inDecodeSlot } from "@/lib/server/images/decode-slots";
import sharp, { type Metadata, type SharpOptions } from "sharp";
import type { ImageMime } from "@/lib/shared/records";
import { INPUT_IMAGE_MAX_ASPECT, INPUT_IMAGE_MAX_BYTES, INPUT_IMAGE_MAX_SIDE } from "@/lib/shared/seedream/limits";
import { displayFileName } from "@/lib/shared/uploads/file-name";
import { UPLOAD_MAX_BYTES, UPLOAD_MAX_FILES, UPLOAD_MAX_PIXELS } from "@/lib/shared/uploads/limits";
import { decodeWithThumbnail } from "@/lib/server/images/decode";
import { pendingThumbnail, type PendingThumbnail } from "@/lib/server/images/thumbnail";
import { aspectRejection, fileRejection, noFiles, tooManyFiles, UploadError } from "@/lib/server/uploads/upload-errors";

export { UPLOAD_MAX_BYTES, UPLOAD_MAX_FILES, UPLOAD_MAX_PIXELS } from "@/lib/shared/uploads/limits";
export { UploadError, isUploadError, type UploadRejection } from "@/lib/server/uploads/upload-errors";

/** An upload as the provider will accept it: jpeg, png or webp, upright, sRGB, within size and shape. */
interface NormalizedUpload {
  bytes: Buffer;
  mime: ImageMime;
  width: number;
  height: number;
  /** For display only: see displayFileName. */
  fileName: string;
  /** Made from the pixels decoded here, so the store does not decode the file again. */
  thumbnail: PendingThumbnail;
}

type OutputFormat = "png" | "jpeg" | "webp";

const MIME: Record<OutputFormat, ImageMime> = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" };

/**
 * Formats taken from people. SVG is the one other format sharp reads from a buffer, and is refused:
 * it is XML rendered by librsvg at whatever size the file claims, a risk with no use here.
 */
const READABLE_FORMATS = new Set(["png", "jpeg", "webp", "gif", "tiff", "heif"]);
const KEPT_FORMATS: readonly string[] = ["png", "jpeg", "webp"] satisfies OutputFormat[];
/** Colour spaces that are already what the provider expects: 8/16-bit sRGB and grey. */
const KEPT_SPACES = new Set(["srgb", "rgb16", "b-w", "grey16"]);

/**
 * failOn "error" makes a truncated or corrupt file fail when its pixels are read, where the
 * default ("warning") would also refuse real camera files with harmless quirks. Only the first
 * frame of an animation or multi-page file is ever read.
 */
const DECODER: SharpOptions = { limitInputPixels: UPLOAD_MAX_PIXELS, failOn: "error" };

/** From good to acceptable: each JPEG/WebP step is tried only when the one before is over 10 MB. */
const LOSSY_QUALITIES = [90, 80, 70, 60, 50] as const;
const LOWEST_QUALITY = 50;

interface DecodedImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** Throws too_many_files over the provider's limit, and `empty` for no files at all. */
export function checkUploadCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`Not a number of files: ${count}.`);
  if (count === 0) throw noFiles();
  if (count > UPLOAD_MAX_FILES) throw tooManyFiles();
}

/**
 * Checks that the bytes really are an image by decoding them (the name and the browser's MIME type
 * are never trusted), then makes them fit the provider's input rules. A file that already fits is
 * returned byte for byte; anything else is re-encoded once, with the EXIF orientation applied.
 * Throws UploadError for every file a person could choose that the studio refuses.
 */
export async function normalizeUpload(input: { bytes: Buffer; fileName: string }): Promise<NormalizedUpload> {
  const fileName = displayFileName(input.fileName);
  const { bytes } = input;
  if (bytes.length === 0) throw fileRejection("empty", fileName);
  if (bytes.length > UPLOAD_MAX_BYTES) throw fileRejection("too_large", fileName);

  const metadata = await readHeader(bytes, fileName);
  const upright = metadata.autoOrient;
  if (!isWithinAspect(upright.width, upright.height)) {
    throw aspectRejection(fileName, upright.width, upright.height);
  }

  const format = metadata.format;
  if (isOutputFormat(format) && canKeepAsIs(bytes, metadata)) {
    const { thumbnail } = await decodeEveryPixel(bytes, upright, fileName);
    return { bytes, mime: MIME[format], ...upright, fileName, thumbnail };
  }

  const decoded = await decodeUpright(bytes, metadata, fileName);
  return { ...(await encodeWithinLimits(decoded, format)), fileName, thumbnail: pendingThumbnail(decoded) };
}

function decodeFailure(error: unknown, fileName: string): UploadError {
  const message = error instanceof Error ? error.message : String(error);
  // sharp says "Input image exceeds pixel limit"; its wording is the only way to tell this apart.
  const reason = /pixel limit/i.test(message) ? "too_many_pixels" : "not_an_image";
  return fileRejection(reason, fileName, error);
}

async function readHeader(bytes: Buffer, fileName: string): Promise<Metadata> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, DECODER).metadata();
  } catch (error) {
    throw decodeFailure(error, fileName);
  }
  if (!READABLE_FORMATS.has(metadata.format) || !metadata.width || !metadata.height) {
    throw fileRejection("not_an_image", fileName);
  }
  return metadata;
}

function isWithinAspect(width: number, height: number): boolean {
  return width <= height * INPUT_IMAGE_MAX_ASPECT && height <= width * INPUT_IMAGE_MAX_ASPECT;
}

function isOutputFormat(format: string): format is OutputFormat {
  return KEPT_FORMATS.includes(format);
}

function canKeepAsIs(bytes: Buffer, metadata: Metadata): boolean {
  return (
    (metadata.pages ?? 1) === 1 &&
    (metadata.orientation ?? 1) === 1 &&
    KEPT_SPACES.has(metadata.space ?? "") &&
    metadata.width <= INPUT_IMAGE_MAX_SIDE &&
    metadata.height <= INPUT_IMAGE_MAX_SIDE &&
    bytes.length <= INPUT_IMAGE_MAX_BYTES
  );
}

/**
 * The header of a truncated file is intact, so only reading every pixel proves the file whole;
 * the pass that reads them also makes the thumbnail.
 */
async function decodeEveryPixel(bytes: Buffer, size: { width: number; height: number }, fileName: string) {
  try {
    return await decodeWithThumbnail(bytes, DECODER, size.width * size.height);
  } catch (error) {
    throw decodeFailure(error, fileName);
  }
}

/**
 * Decoded once into memory (at most 6000 × 6000 × 4 bytes) so that every encoding attempt after
 * it is only an encode, and so that a failure here is the file's fault while one later is ours.
 */
async function decodeUpright(bytes: Buffer, metadata: Metadata, fileName: string): Promise<DecodedImage> {
  const grey = metadata.space === "b-w" || metadata.space === "grey16";
  const { width, height } = metadata.autoOrient;
  const pipeline = sharp(bytes, DECODER).autoOrient();
  if (Math.max(width, height) > INPUT_IMAGE_MAX_SIDE) {
    const size = withLongSide(width, height, INPUT_IMAGE_MAX_SIDE);
    pipeline.resize({ ...size, fit: "fill" });
  }
  try {
    const { data, info } = await inDecodeSlot(() =>
      pipeline
        .toColourspace(grey ? "b-w" : "srgb")
        .raw({ depth: "uchar" })
        .toBuffer({ resolveWithObject: true }),
    );
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw decodeFailure(error, fileName);
  }
}

function hasAlpha(image: DecodedImage): boolean {
  return image.channels === 2 || image.channels === 4;
}

/** `quality` is for JPEG and WebP; PNG is lossless and has none. */
async function encode(image: DecodedImage, format: OutputFormat, quality?: number): Promise<Buffer> {
  const { data, width, height, channels } = image;
  const pipeline = sharp(data, { raw: { width, height, channels } });
  if (format === "png") return pipeline.png().toBuffer();
  if (format === "webp") return pipeline.webp({ quality }).toBuffer();
  return pipeline.jpeg({ quality }).toBuffer();
}

/**
 * Lossless sources (PNG, GIF, TIFF) and anything with transparency try PNG first; photos stay
 * lossy. When PNG is over 10 MB, the lossy fallback is WebP if there is transparency to keep
 * (JPEG has none) or the source was WebP, and JPEG otherwise.
 */
function formatsFor(image: DecodedImage, sourceFormat: string): { lossless: boolean; lossy: OutputFormat } {
  const transparent = hasAlpha(image);
  return {
    lossless: transparent || ["png", "gif", "tiff"].includes(sourceFormat),
    lossy: transparent || sourceFormat === "webp" ? "webp" : "jpeg",
  };
}

async function encodeWithinLimits(
  decoded: DecodedImage,
  sourceFormat: string,
): Promise<Omit<NormalizedUpload, "fileName" | "thumbnail">> {
  const { lossless, lossy } = formatsFor(decoded, sourceFormat);
  const result = (bytes: Buffer, format: OutputFormat, image: DecodedImage) => ({
    bytes,
    mime: MIME[format],
    width: image.width,
    height: image.height,
  });

  if (lossless) {
    const png = await encode(decoded, "png");
    if (png.length <= INPUT_IMAGE_MAX_BYTES) return result(png, "png", decoded);
  }
  let smallest = Infinity;
  for (const quality of LOSSY_QUALITIES) {
    const bytes = await encode(decoded, lossy, quality);
    if (bytes.length <= INPUT_IMAGE_MAX_BYTES) return result(bytes, lossy, decoded);
    smallest = bytes.length;
  }
  // Even the lowest quality is too big only for near-noise at full size: shrink until it fits,
  // each time by the area the last attempt overshot, plus a margin so it rarely takes two.
  let image = decoded;
  for (;;) {
    image = await shrink(image, Math.sqrt(INPUT_IMAGE_MAX_BYTES / smallest) * 0.9);
    const bytes = await encode(image, lossy, LOWEST_QUALITY);
    if (bytes.length <= INPUT_IMAGE_MAX_BYTES) return result(bytes, lossy, image);
    smallest = bytes.length;
  }
}

/**
 * The long side is set and the short side rounded up, so a picture at exactly 1:3 never becomes
 * 1:3.001 by rounding and falls outside the provider's rule.
 */
function withLongSide(width: number, height: number, longSide: number): { width: number; height: number } {
  const long = Math.max(width, height);
  const short = Math.min(longSide, Math.ceil((Math.min(width, height) * longSide) / long));
  return width >= height ? { width: longSide, height: short } : { width: short, height: longSide };
}

async function shrink(image: DecodedImage, scale: number): Promise<DecodedImage> {
  const { data, width, height, channels } = image;
  const longSide = Math.max(1, Math.floor(Math.max(width, height) * scale));
  const { data: shrunk, info } = await sharp(data, { raw: { width, height, channels } })
    .resize({ ...withLongSide(width, height, longSide), fit: "fill" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: shrunk, width: info.width, height: info.height, channels: info.channels };
}
