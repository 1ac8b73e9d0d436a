import "server-only";
import sharp, { type OverlayOptions, type Sharp } from "sharp";
import { DEFAULT_MAX_PIXELS } from "@/lib/server/engine/inspect-image";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";
import type { EditOperation } from "./edit-operations";
import { createSeededRandom } from "./seeded-random";

interface EditJob {
  /** Decoded bytes of the input images, in the order the person put them in the tray. */
  inputs: Buffer[];
  operations: EditOperation[];
  /** One output per seed. */
  seeds: number[];
  width: number;
  height: number;
  signal?: AbortSignal;
}

/** Uncompressed pixels between steps: each step is its own sharp pass so the prompt's order holds. */
interface Pixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

type Step = (image: Sharp, pixels: Pixels) => Sharp;

/**
 * The first input fills the picture; every other input appears as a framed thumbnail in a row
 * along the bottom edge; then a slight seeded colour variation (so sibling outputs differ) and the
 * edits the prompt names, in the order it names them. Every output is `width` × `height` PNG.
 */
export async function renderEdits(job: EditJob): Promise<Buffer[]> {
  const [first, ...others] = job.inputs;
  if (!first) {
    throw new SeedreamError("invalid_request", { detail: "An edit needs at least one input image." });
  }

  const thumbnails = await thumbnailRow(others, job.width, job.height);
  job.signal?.throwIfAborted();
  // Decoded once: only the variation and what follows it differ between siblings.
  const composed = await readInput(1, () =>
    toPixels(
      openInput(first)
        .resize(job.width, job.height, { fit: "cover", position: "centre" })
        .flatten({ background: "#ffffff" })
        .toColourspace("srgb")
        .composite(thumbnails),
    ),
  );

  const operationSteps = job.operations.map((operation) => stepFor(operation, job.width, job.height));
  const outputs: Buffer[] = [];
  for (const seed of job.seeds) {
    let pixels = composed;
    for (const step of [variationStep(seed), ...operationSteps]) {
      job.signal?.throwIfAborted();
      pixels = await runStep(pixels, step);
    }
    job.signal?.throwIfAborted();
    outputs.push(await rawImage(pixels).png().toBuffer());
  }
  return outputs;
}

/** The same guards as uploads: a decompression bomb or a truncated file must fail, not hang or half-draw. */
function openInput(bytes: Buffer): Sharp {
  return sharp(bytes, { limitInputPixels: DEFAULT_MAX_PIXELS, failOn: "error", autoOrient: true });
}

async function readInput<T>(position: number, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    throw new SeedreamError("invalid_request", {
      detail: `Input image ${position} is not a readable image (${reason}).`,
      cause: error,
    });
  }
}

async function thumbnailRow(inputs: Buffer[], width: number, height: number): Promise<OverlayOptions[]> {
  if (inputs.length === 0) return [];
  const gap = Math.round(Math.min(width, height) * 0.02);
  const side = Math.floor(Math.min(height * 0.24, (width - gap * (inputs.length + 1)) / inputs.length));
  const frame = Math.max(2, Math.round(side * 0.03));
  const rowWidth = inputs.length * side + (inputs.length - 1) * gap;
  const left = Math.round((width - rowWidth) / 2);
  const top = height - gap - side;

  return Promise.all(
    inputs.map(async (input, index) => {
      const { data, info } = await readInput(index + 2, () =>
        openInput(input)
          .resize(side - 2 * frame, side - 2 * frame, { fit: "cover", position: "centre" })
          .flatten({ background: "#ffffff" })
          .extend({ top: frame, bottom: frame, left: frame, right: frame, background: "#ffffff" })
          .toColourspace("srgb")
          .raw()
          .toBuffer({ resolveWithObject: true }),
      );
      return {
        input: data,
        raw: { width: info.width, height: info.height, channels: info.channels },
        left: left + index * (side + gap),
        top,
      };
    }),
  );
}

async function runStep(pixels: Pixels, step: Step): Promise<Pixels> {
  return toPixels(step(rawImage(pixels), pixels));
}

async function toPixels(image: Sharp): Promise<Pixels> {
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function rawImage({ data, width, height, channels }: Pixels): Sharp {
  return sharp(data, { raw: { width, height, channels } });
}

type Matrix = [[number, number, number], [number, number, number], [number, number, number]];

/** Rec. 709 luma weights: what "black and white" means for an sRGB picture. */
const LUMA: [number, number, number] = [0.2126, 0.7152, 0.0722];
const GREYSCALE: Matrix = [LUMA, LUMA, LUMA];
/** The classic sepia tone matrix (as in CSS `sepia(1)`). */
const SEPIA: Matrix = [
  [0.393, 0.769, 0.189],
  [0.349, 0.686, 0.168],
  [0.272, 0.534, 0.131],
];

/**
 * Matrices and linear maps rather than `modulate`: modulate goes through the LCh colour space and
 * takes ~0.9 s on a 4096² picture on two cores, a 3×3 recombination ~0.12 s.
 */
function stepFor(operation: EditOperation, width: number, height: number): Step {
  switch (operation.kind) {
    case "greyscale":
      return (image) => image.recomb(GREYSCALE);
    case "sepia":
      return (image) => image.recomb(SEPIA);
    case "blur":
      // Relative to the picture, so a 4096² output looks as blurred as a 1024² one.
      return (image) => image.blur(Math.max(1, Math.min(width, height) * 0.008));
    case "invert":
      return (image) => image.negate({ alpha: false });
    case "flip":
      return (image) => (operation.direction === "vertical" ? image.flip() : image.flop());
    case "brighten":
      return (image) => image.linear(1.2, 20);
    case "darken":
      return (image) => image.linear(0.7, 0);
    case "warm":
      return (image) => image.linear([1.1, 1.02, 0.86], [10, 3, -6]);
    case "cool":
      return (image) => image.linear([0.88, 0.99, 1.1], [-6, 0, 12]);
    case "rotate":
      return (image, pixels) => {
        const turned = image.rotate(operation.degrees);
        const sideways = operation.degrees !== 180 && pixels.width !== pixels.height;
        // A quarter turn of a non-square picture swaps its sides; the request fixed the size, so the
        // turned picture is scaled to cover it and centred, losing a little of its long side.
        return sideways ? turned.resize(width, height, { fit: "cover" }) : turned;
      };
  }
}

/**
 * A gentle, seeded hue turn, saturation and brightness change, folded into one 3×3 matrix: two
 * outputs of one request (seeds s and s+1) differ visibly, while each stays true to its inputs.
 * It depends on the seed alone, so with one seed "sepia" and "as it is" differ by exactly the sepia.
 */
function variationStep(seed: number): Step {
  const random = createSeededRandom("edit variation", seed);
  const hue = hueRotation(random.between(-12, 12));
  const saturation = saturationMatrix(random.between(0.88, 1.12));
  const brightness = random.between(0.94, 1.06);
  const matrix = multiply(saturation, hue).map((row) => row.map((value) => value * brightness)) as Matrix;
  // The composite may carry an alpha channel from the thumbnails; outputs are opaque.
  return (image) => image.removeAlpha().recomb(matrix);
}

/** The hue-rotate matrix of the W3C Filter Effects spec (`feColorMatrix type="hueRotate"`). */
function hueRotation(degrees: number): Matrix {
  const cos = Math.cos((degrees * Math.PI) / 180);
  const sin = Math.sin((degrees * Math.PI) / 180);
  return [
    [0.213 + cos * 0.787 - sin * 0.213, 0.715 - cos * 0.715 - sin * 0.715, 0.072 - cos * 0.072 + sin * 0.928],
    [0.213 - cos * 0.213 + sin * 0.143, 0.715 + cos * 0.285 + sin * 0.14, 0.072 - cos * 0.072 - sin * 0.283],
    [0.213 - cos * 0.213 - sin * 0.787, 0.715 - cos * 0.715 + sin * 0.715, 0.072 + cos * 0.928 + sin * 0.072],
  ];
}

/** The saturate matrix of the same spec: 0 is grey, 1 leaves the colours alone. */
function saturationMatrix(amount: number): Matrix {
  const [r, g, b] = LUMA;
  return [
    [r + (1 - r) * amount, g - g * amount, b - b * amount],
    [r - r * amount, g + (1 - g) * amount, b - b * amount],
    [r - r * amount, g - g * amount, b + (1 - b) * amount],
  ];
}

function multiply(left: Matrix, right: Matrix): Matrix {
  const cell = (row: 0 | 1 | 2, column: 0 | 1 | 2): number =>
    left[row][0] * right[0][column] + left[row][1] * right[1][column] + left[row][2] * right[2][column];
  return [
    [cell(0, 0), cell(0, 1), cell(0, 2)],
    [cell(1, 0), cell(1, 1), cell(1, 2)],
    [cell(2, 0), cell(2, 1), cell(2, 2)],
  ];
}
