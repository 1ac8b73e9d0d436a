import { INPUT_IMAGE_MAX_ASPECT, INPUT_IMAGE_MAX_BYTES } from "@/lib/shared/seedream/limits";

/**
 * What the browser does to a picture before uploading it, decided from the first bytes of the file
 * alone: no decoding, so a file that needs no work costs nothing. Pure; prepare-image.ts does the work.
 */

/** The largest side Seedream draws; a larger input only costs upload time and server memory. */
const PREPARED_MAX_SIDE = 4096;
/** Files within the provider's byte limit and PREPARED_MAX_SIDE go up exactly as they are. */
const KEEP_MAX_BYTES = INPUT_IMAGE_MAX_BYTES;
/**
 * Above this a tab could run out of memory decoding (4 bytes per pixel): 64 MP covers 48 and 50 MP
 * phone sensors. Larger files go up untouched and the server explains why it refuses them.
 */
const BROWSER_DECODE_MAX_PIXELS = 64_000_000;
export const JPEG_QUALITY = 0.92;
/** Enough for the JPEG segments before the frame header (EXIF, ICC, XMP) of any phone photo. */
export const HEADER_BYTES = 512 * 1024;

type HeaderFormat = "jpeg" | "png" | "webp" | "gif";

export interface ImageHeader {
  /** null: a format only the browser's decoder knows (BMP, AVIF, HEIC in Safari…). */
  format: HeaderFormat | null;
  /** As stored, before the EXIF orientation. */
  width: number;
  height: number;
  /** EXIF orientation 1–8; 5–8 swap width and height. */
  orientation: number;
  hasAlpha: boolean;
}

type PreparedMime = "image/jpeg" | "image/png";

export type PreparationPlan =
  | { kind: "keep" }
  | { kind: "encode"; width: number; height: number; mime: PreparedMime; quality: number | undefined };

/** Formats the server keeps byte for byte, or reads itself, when they are small enough. */
const SERVER_READS: readonly HeaderFormat[] = ["jpeg", "png", "webp", "gif"];

function uprightSize(header: Pick<ImageHeader, "width" | "height" | "orientation">): { width: number; height: number } {
  return header.orientation >= 5 ? { width: header.height, height: header.width } : { width: header.width, height: header.height };
}

/** The same shape with its long side at most `maxSide`, never enlarged. */
export function fitLongSide(width: number, height: number, maxSide = PREPARED_MAX_SIDE): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= maxSide) return { width, height };
  const scale = maxSide / long;
  return {
    width: width >= height ? maxSide : Math.max(1, Math.round(width * scale)),
    height: height > width ? maxSide : Math.max(1, Math.round(height * scale)),
  };
}

/**
 * A JPEG's sides halved until the long one fits PREPARED_MAX_SIDE, rounded up as a JPEG decoder
 * rounds. Chromium's decoder scales by eighths while it decodes, but only its halves, quarters and
 * eighths are fast: a 24 MP photo decodes to 3000 px in 80 ms and to 3750 px (5/8) in 120 ms, the
 * same as a full decode, and the smaller picture also encodes, uploads and checks in half the time.
 * The long side lands between 2048 and 4096 px, at or above the size Seedream draws by default.
 */
export function halveToFit(width: number, height: number, maxSide = PREPARED_MAX_SIDE): { width: number; height: number } {
  let divisor = 1;
  while (Math.ceil(Math.max(width, height) / divisor) > maxSide) divisor *= 2;
  return { width: Math.ceil(width / divisor), height: Math.ceil(height / divisor) };
}

/**
 * Keep when the file already fits, or when the server will refuse it whatever the browser does (too
 * many pixels to decode here, a shape Seedream does not take): its sentence then says why. Otherwise
 * decode upright, shrink to PREPARED_MAX_SIDE (a JPEG by halves) and encode once: PNG where there
 * may be transparency to keep, JPEG at a high quality for everything else.
 */
export function planPreparation(header: ImageHeader, bytes: number): PreparationPlan {
  const { width, height } = uprightSize(header);
  if (width * height > BROWSER_DECODE_MAX_PIXELS) return { kind: "keep" };
  if (width > height * INPUT_IMAGE_MAX_ASPECT || height > width * INPUT_IMAGE_MAX_ASPECT) return { kind: "keep" };
  const fits = Math.max(width, height) <= PREPARED_MAX_SIDE && bytes <= KEEP_MAX_BYTES;
  if (header.format && SERVER_READS.includes(header.format) && fits) return { kind: "keep" };
  const mime: PreparedMime = header.hasAlpha ? "image/png" : "image/jpeg";
  const size = header.format === "jpeg" ? halveToFit(width, height) : fitLongSide(width, height);
  return { kind: "encode", ...size, mime, quality: mime === "image/jpeg" ? JPEG_QUALITY : undefined };
}

/**
 * The size to encode at, given what the decoder produced. A JPEG decoder scales while it decodes
 * (6000 px → 3000 px at 1/2), which is as sharp as resampling afterwards and skips a pass
 * over 24 MP; a decode at or below the plan is kept as it is, anything larger is scaled to the plan.
 */
export function encodeSize(
  plan: { width: number; height: number },
  decoded: { width: number; height: number },
): { width: number; height: number } {
  return Math.max(decoded.width, decoded.height) <= Math.max(plan.width, plan.height) ? decoded : { width: plan.width, height: plan.height };
}

const EXTENSIONS: Record<string, readonly string[]> = {
  "image/jpeg": ["jpg", "jpeg", "jpe", "jfif"],
  "image/png": ["png"],
  "image/webp": ["webp"],
};

/** "IMG_0042.HEIC" encoded as JPEG is uploaded as "IMG_0042.jpg", so a download opens as what it is. */
export function fileNameFor(name: string, mime: string): string {
  const extensions = EXTENSIONS[mime];
  if (!extensions) return name;
  const match = /^(.*)\.([^.]+)$/.exec(name);
  if (match && extensions.includes(match[2]!.toLowerCase())) return name;
  return `${match && match[1] ? match[1] : name}.${extensions[0]}`;
}

/** Reads the format, size, orientation and transparency from a file's first bytes; null if unknown. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return readPng(bytes, view);
    if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return readJpeg(bytes, view);
    if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return readWebp(bytes, view);
    if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") {
      return valid({ format: "gif", width: view.getUint16(6, true), height: view.getUint16(8, true), orientation: 1, hasAlpha: true });
    }
  } catch (error) {
    // A header cut short by the end of the slice reads past the view: the decoder decides instead.
    if (error instanceof RangeError) return null;
    throw error;
  }
  return null;
}

function readPng(bytes: Uint8Array, view: DataView): ImageHeader | null {
  if (ascii(bytes, 12, 4) !== "IHDR") return null;
  const colourType = view.getUint8(25);
  // Colour types 4 and 6 carry alpha; a tRNS chunk before the image data makes any type transparent.
  let hasAlpha = colourType === 4 || colourType === 6;
  for (let offset = 8; !hasAlpha && offset + 8 <= bytes.length; ) {
    const type = ascii(bytes, offset + 4, 4);
    if (type === "IDAT" || type === "IEND") break;
    hasAlpha = type === "tRNS";
    offset += 12 + view.getUint32(offset);
  }
  return valid({ format: "png", width: view.getUint32(16), height: view.getUint32(20), orientation: 1, hasAlpha });
}

const JPEG_FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function readJpeg(bytes: Uint8Array, view: DataView): ImageHeader | null {
  let orientation = 1;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (view.getUint8(offset) !== 0xff) return null;
    const marker = view.getUint8(offset + 1);
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null;
    const length = view.getUint16(offset + 2);
    if (JPEG_FRAME_MARKERS.has(marker)) {
      return valid({ format: "jpeg", width: view.getUint16(offset + 7), height: view.getUint16(offset + 5), orientation, hasAlpha: false });
    }
    if (marker === 0xe1 && ascii(bytes, offset + 4, 6) === "Exif\0\0") {
      orientation = readExifOrientation(view, offset + 10, offset + 2 + length);
    }
    offset += 2 + length;
  }
  return null;
}

/** The Orientation tag (0x0112) of IFD0 in the TIFF structure that starts at `tiff`. */
function readExifOrientation(view: DataView, tiff: number, end: number): number {
  const order = view.getUint16(tiff);
  if (order !== 0x4949 && order !== 0x4d4d) return 1;
  const little = order === 0x4949;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > end) return 1;
  const count = view.getUint16(ifd, little);
  for (let index = 0; index < count; index += 1) {
    const entry = ifd + 2 + index * 12;
    if (entry + 12 > end) return 1;
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

function readWebp(bytes: Uint8Array, view: DataView): ImageHeader | null {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === "VP8 ") {
    if (!startsWith(bytes, 23, [0x9d, 0x01, 0x2a])) return null;
    return valid({
      format: "webp",
      width: view.getUint16(26, true) & 0x3fff,
      height: view.getUint16(28, true) & 0x3fff,
      orientation: 1,
      hasAlpha: false,
    });
  }
  if (chunk === "VP8L") {
    if (view.getUint8(20) !== 0x2f) return null;
    const bits = view.getUint32(21, true);
    return valid({
      format: "webp",
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
      orientation: 1,
      hasAlpha: ((bits >>> 28) & 1) === 1,
    });
  }
  if (chunk === "VP8X") {
    const uint24 = (at: number) => view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getUint8(at + 2) << 16);
    return valid({
      format: "webp",
      width: uint24(24) + 1,
      height: uint24(27) + 1,
      orientation: 1,
      hasAlpha: (view.getUint8(20) & 0x10) !== 0,
    });
  }
  return null;
}

function valid(header: ImageHeader): ImageHeader | null {
  return header.width > 0 && header.height > 0 ? header : null;
}

function startsWith(bytes: Uint8Array, offset: number, expected: readonly number[]): boolean {
  return expected.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (offset + length > bytes.length) throw new RangeError("Header cut short.");
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}
