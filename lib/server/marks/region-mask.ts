import "server-only";
import sharp from "sharp";
import type { KeepRegion } from "@/lib/shared/marks/region";

/**
 * The region as a mask the size of the original: 255 where the result shows, 0 where the original
 * stays, and a ramp between over the feather. Past the feather every value is exactly 0, so the
 * composite there copies the original's pixels untouched.
 */
export async function regionMask(region: KeepRegion): Promise<Uint8Array> {
  const covered = await rasterize(region);
  return boxFeather(covered, region.width, region.height, region.feather);
}

/** librsvg draws the shapes; any pixel they touch at all belongs to the region. */
async function rasterize(region: KeepRegion): Promise<Uint8Array> {
  const { width, height } = region;
  const strokes = region.strokes.map(({ radius, points }) => {
    const [first, ...rest] = points;
    const path = `M${first![0]} ${first![1]}${rest.length === 0 ? " l0 0" : rest.map(([x, y]) => ` L${x} ${y}`).join("")}`;
    return `<path d="${path}" fill="none" stroke="#fff" stroke-width="${radius * 2}" stroke-linecap="round" stroke-linejoin="round"/>`;
  });
  const boxes = region.boxes.map((box) => `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="#fff"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${strokes.join("")}${boxes.join("")}</svg>`;
  const alpha = await sharp(Buffer.from(svg), { limitInputPixels: false })
    .ensureAlpha()
    .extractChannel(3)
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (alpha.info.width !== width || alpha.info.height !== height) {
    throw new Error(`The region mask came out ${alpha.info.width}×${alpha.info.height}, not ${width}×${height}.`);
  }
  const mask = new Uint8Array(width * height);
  for (let index = 0; index < mask.length; index += 1) mask[index] = alpha.data[index]! > 0 ? 255 : 0;
  return mask;
}

/**
 * A separable box blur of radius `feather`: its support is exactly the square of that radius, so a
 * pixel farther than `feather` (in x or y) from the region stays 0, which a Gaussian cannot promise.
 */
export function boxFeather(mask: Uint8Array, width: number, height: number, feather: number): Uint8Array {
  if (feather === 0) return mask;
  const across = blurLine(mask, width, height, feather, 1, width);
  return blurLine(across, height, width, feather, width, 1);
}

/** Blurs `lines` lines of `length` values; `step` walks along a line, `stride` from one line to the next. */
function blurLine(source: Uint8Array, length: number, lines: number, radius: number, step: number, stride: number): Uint8Array {
  const target = new Uint8Array(source.length);
  const span = radius * 2 + 1;
  for (let line = 0; line < lines; line += 1) {
    const base = line * stride;
    let sum = 0;
    // The window around position 0 first; beyond the edges counts as 0 (outside the region).
    for (let offset = 0; offset <= radius && offset < length; offset += 1) sum += source[base + offset * step]!;
    for (let position = 0; position < length; position += 1) {
      // Integer rounding keeps a window of zeros at zero and a window of 255s at 255.
      target[base + position * step] = Math.round(sum / span);
      const entering = position + radius + 1;
      const leaving = position - radius;
      if (entering < length) sum += source[base + entering * step]!;
      if (leaving >= 0) sum -= source[base + leaving * step]!;
    }
  }
  return target;
}
