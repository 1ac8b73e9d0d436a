import { INPUT_IMAGE_MAX_BYTES } from "@/lib/shared/seedream/limits";
import { encodeSize, fitLongSide, planPreparation, type ImageHeader, type PreparationPlan } from "./prepare-image-plan";

/**
 * The work of preparing a picture, with no DOM: it runs in a Worker (prepare-image.worker.ts) and,
 * where there is none, on the page itself. prepare-image.ts decides which and has the last word.
 */

/** The tray's preview: a tile is 88–96 CSS px, so 256 px is sharp on a 2× screen. */
export const PREVIEW_MAX_SIDE = 256;
const PREVIEW_TYPE = "image/webp";
const PREVIEW_QUALITY = 0.8;

type EncodePlan = Extract<PreparationPlan, { kind: "encode" }>;

/** A decoded picture, upright, and how to let go of its memory. */
interface Decoded {
  source: CanvasImageSource;
  width: number;
  height: number;
  close(): void;
}

/**
 * The bytes to upload instead of `file`, or null to upload the file as it is. `header` is what
 * readImageHeader found (null: a format only the browser knows). `onPreview` gets a small picture
 * as soon as the decode is done, before the encode, which is the slow part.
 */
export async function prepareBytes(file: Blob, header: ImageHeader | null, onPreview: (preview: Blob) => void): Promise<Blob | null> {
  if (header) {
    const plan = planPreparation(header, file.size);
    if (plan.kind === "keep") return null;
    return encode(await decode(file, header, plan), plan, onPreview);
  }
  // A format only the browser knows (BMP, AVIF, HEIC in Safari): decoded whole to learn its size,
  // then always re-encoded, since the server may not read it at all.
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const decoded = { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
  const plan = planPreparation({ format: null, width: bitmap.width, height: bitmap.height, orientation: 1, hasAlpha: true }, file.size);
  if (plan.kind === "keep") {
    decoded.close();
    return null;
  }
  return encode(decoded, plan, onPreview);
}

/**
 * WebCodecs' ImageDecoder decodes off the main thread and, for JPEG, at a reduced scale straight
 * from the compressed data: for a 24 MP photo about 80 ms (to 3000 px) against 200 ms for
 * createImageBitmap's full decode and resample. Where it is missing (Safari) or unsure,
 * createImageBitmap does the same job.
 */
async function decode(file: Blob, header: ImageHeader, plan: EncodePlan): Promise<Decoded> {
  return (await decodeScaled(file, header, plan)) ?? decodeBitmap(file, plan);
}

async function decodeScaled(file: Blob, header: ImageHeader, plan: EncodePlan): Promise<Decoded | null> {
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

async function decodeBitmap(file: Blob, plan: EncodePlan): Promise<Decoded> {
  const bitmap = await createImageBitmap(file, {
    // The default in current browsers, stated because older ones ignored EXIF by default.
    imageOrientation: "from-image",
    resizeWidth: plan.width,
    resizeHeight: plan.height,
    resizeQuality: "high",
  });
  return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
}

/**
 * The preview is drawn and encoded first and handed over before the large drawing starts: a canvas
 * encodes in its thread's idle time, so started together the small one would wait for the large.
 */
async function encode(decoded: Decoded, plan: EncodePlan, onPreview: (preview: Blob) => void): Promise<Blob | null> {
  let encoding: Promise<Blob>;
  let surface: Surface;
  try {
    // A preview that cannot be made only means the tile waits for the stored thumbnail.
    const previewBlob = await drawPreview(decoded).catch(() => null);
    if (previewBlob) onPreview(previewBlob);
    const drawn = draw(decoded.source, encodeSize(plan, decoded));
    if (!drawn) return null;
    surface = drawn;
    encoding = surface.toBlob(plan.mime, plan.quality);
  } finally {
    decoded.close();
  }
  let blob = await encoding;
  // A detailed transparent PNG can pass the provider's limit; lossy WebP keeps its transparency.
  if (blob.type === "image/png" && blob.size > INPUT_IMAGE_MAX_BYTES) {
    const webp = await surface.toBlob("image/webp", 0.92);
    if (webp.type === "image/webp") blob = webp;
  }
  return blob.type === plan.mime || blob.type === "image/webp" ? blob : null;
}

/**
 * createImageBitmap's resize makes the 256 px preview of a 6 MP picture in about 9 ms, where a
 * canvas's high-quality drawImage takes 17–26 ms; the canvas only encodes it. Browsers without the
 * resize options (older Safari) draw it on the canvas instead.
 */
async function drawPreview(decoded: Decoded): Promise<Blob | null> {
  const size = fitLongSide(decoded.width, decoded.height, PREVIEW_MAX_SIDE);
  const small = await createImageBitmap(decoded.source, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: "high" }).catch(
    () => null,
  );
  try {
    const surface = draw(small ?? decoded.source, size);
    return (await surface?.toBlob(PREVIEW_TYPE, PREVIEW_QUALITY)) ?? null;
  } finally {
    small?.close();
  }
}

interface Surface {
  toBlob(type: string, quality: number | undefined): Promise<Blob>;
}

/** The picture drawn at `size` with high-quality smoothing; null where the browser gives no 2D canvas. */
function draw(source: CanvasImageSource, size: { width: number; height: number }): Surface | null {
  const { width, height } = size;
  if (typeof OffscreenCanvas !== "undefined") {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d");
    if (!context) return null;
    paint(context, source, width, height);
    return { toBlob: (type, quality) => canvas.convertToBlob({ type, quality }) };
  }
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) return null;
  paint(context, source, width, height);
  return {
    toBlob: (type, quality) =>
      new Promise((resolve, reject) =>
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The canvas could not be encoded."))), type, quality),
      ),
  };
}

function paint(context: CanvasDrawImage & CanvasImageSmoothing, source: CanvasImageSource, width: number, height: number): void {
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = "high";
  context.drawImage(source, 0, 0, width, height);
}
