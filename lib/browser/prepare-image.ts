import { INPUT_IMAGE_MAX_BYTES } from "@/lib/shared/seedream/limits";
import {
  encodeSize,
  fileNameFor,
  HEADER_BYTES,
  planPreparation,
  readImageHeader,
  type ImageHeader,
  type PreparationPlan,
} from "./prepare-image-plan";

/**
 * Makes a picture ready to upload, in the browser: a 24 MP phone photo leaves as a JPEG under
 * 4096 px instead of megabytes of pixels the provider would never use. Browser only (DOM, no React).
 *
 * Anything the browser cannot decode or encode goes up unchanged: the server's decoder has the
 * last word, and its sentence explains a refusal. So this never throws.
 */
export async function prepareImage(file: File): Promise<File> {
  try {
    return await withDecodeSlot(() => prepare(file));
  } catch {
    return file;
  }
}

type EncodePlan = Extract<PreparationPlan, { kind: "encode" }>;

/** A decoded picture, upright, and how to let go of its memory. */
interface Decoded {
  source: CanvasImageSource;
  width: number;
  height: number;
  close(): void;
}

async function prepare(file: File): Promise<File> {
  const header = readImageHeader(new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer()));
  if (header) {
    const plan = planPreparation(header, file.size);
    if (plan.kind === "keep") return file;
    return encode(await decode(file, header, plan), plan, file);
  }
  // A format only the browser knows (BMP, AVIF, HEIC in Safari): decoded whole to learn its size,
  // then always re-encoded, since the server may not read it at all.
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const decoded = { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
  const plan = planPreparation({ format: null, width: bitmap.width, height: bitmap.height, orientation: 1, hasAlpha: true }, file.size);
  if (plan.kind === "keep") {
    decoded.close();
    return file;
  }
  return encode(decoded, plan, file);
}

/**
 * WebCodecs' ImageDecoder decodes off the main thread and, for JPEG, at a reduced scale straight
 * from the compressed data: for a 24 MP photo about 100 ms against 200 ms for createImageBitmap's
 * full decode and resample, which also runs on the main thread in Chromium. Where it is missing
 * (Safari) or unsure, createImageBitmap does the same job.
 */
async function decode(file: File, header: ImageHeader, plan: EncodePlan): Promise<Decoded> {
  return (await decodeScaled(file, header, plan)) ?? decodeBitmap(file, plan);
}

async function decodeScaled(file: File, header: ImageHeader, plan: EncodePlan): Promise<Decoded | null> {
  if (typeof ImageDecoder === "undefined" || !header.format) return null;
  // Orientation is checked below from the frame's shape, which a flip (2–4) or a square cannot show.
  const rotated = header.orientation >= 5;
  if ((header.orientation !== 1 && !rotated) || (rotated && plan.width === plan.height)) return null;
  const type = `image/${header.format}`;
  if (!(await ImageDecoder.isTypeSupported(type))) return null;

  const decoder = new ImageDecoder({ data: file.stream(), type, desiredWidth: plan.width, desiredHeight: plan.height, preferAnimation: false });
  try {
    const { image } = await decoder.decode();
    const upright = image.displayWidth > image.displayHeight === plan.width > plan.height;
    if (!upright) {
      image.close();
      decoder.close();
      return null;
    }
    return {
      source: image,
      width: image.displayWidth,
      height: image.displayHeight,
      close: () => {
        image.close();
        decoder.close();
      },
    };
  } catch (error) {
    decoder.close();
    throw error;
  }
}

async function decodeBitmap(file: File, plan: EncodePlan): Promise<Decoded> {
  const bitmap = await createImageBitmap(file, {
    // The default in current browsers, stated because older ones ignored EXIF by default.
    imageOrientation: "from-image",
    resizeWidth: plan.width,
    resizeHeight: plan.height,
    resizeQuality: "high",
  });
  return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
}

async function encode(decoded: Decoded, plan: EncodePlan, file: File): Promise<File> {
  let blob: Blob;
  try {
    const { width, height } = encodeSize(plan, decoded);
    const surface = makeSurface(width, height);
    if (!surface.context) return file;
    surface.context.imageSmoothingEnabled = true;
    surface.context.imageSmoothingQuality = "high";
    surface.context.drawImage(decoded.source, 0, 0, width, height);
    blob = await surface.toBlob(plan.mime, plan.quality);
    // A detailed transparent PNG can pass the provider's limit; lossy WebP keeps its transparency.
    if (blob.type === "image/png" && blob.size > INPUT_IMAGE_MAX_BYTES) {
      const webp = await surface.toBlob("image/webp", 0.92);
      if (webp.type === "image/webp") blob = webp;
    }
  } finally {
    decoded.close();
  }
  if (blob.type !== plan.mime && blob.type !== "image/webp") return file;
  return new File([blob], fileNameFor(file.name, blob.type), { type: blob.type, lastModified: file.lastModified });
}

interface Surface {
  context: (CanvasDrawImage & CanvasImageSmoothing) | null;
  toBlob(type: string, quality: number | undefined): Promise<Blob>;
}

function makeSurface(width: number, height: number): Surface {
  if (typeof OffscreenCanvas !== "undefined") {
    const canvas = new OffscreenCanvas(width, height);
    return { context: canvas.getContext("2d"), toBlob: (type, quality) => canvas.convertToBlob({ type, quality }) };
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  return {
    context: canvas.getContext("2d"),
    toBlob: (type, quality) =>
      new Promise((resolve, reject) =>
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The canvas could not be encoded."))), type, quality),
      ),
  };
}

/**
 * A decoded 24 MP photo holds about 100 MB; ten dropped at once would hold a gigabyte. Two at a
 * time keeps two cores busy without that.
 */
const DECODE_SLOTS = 2;
let decoding = 0;
const waiting: (() => void)[] = [];

async function withDecodeSlot<T>(work: () => Promise<T>): Promise<T> {
  // A freed slot is handed straight to the next in line, so a newcomer cannot take it first.
  if (decoding < DECODE_SLOTS) decoding += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else decoding -= 1;
  }
}
