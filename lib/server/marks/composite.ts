import "server-only";
import sharp from "sharp";
import { ASPECT_TOLERANCE, type KeepRegion, type RegionOutcome } from "@/lib/shared/marks/region";
import type { ImageBytes } from "@/lib/server/store/types";
import { regionMask } from "./region-mask";

export interface CompositeResult {
  image: ImageBytes;
  outcome: RegionOutcome;
}

/**
 * Puts `output` onto `original` inside the region only. Both are decoded to raw RGBA; where the
 * mask is 0 the original's decoded pixels are copied as they are, so they survive byte for byte.
 * An output of another size is resized to the original's only when the shapes agree within 1 %;
 * otherwise it is kept as the model returned it, with the reason.
 */
export async function compositeInsideRegion(original: Buffer, output: ImageBytes, region: KeepRegion): Promise<CompositeResult> {
  const base = await sharp(original).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = base.info;
  if (width !== region.width || height !== region.height) {
    return kept(output, `The marks were drawn on a ${region.width}×${region.height} picture, but the original is ${width}×${height}.`);
  }
  const sameSize = output.width === width && output.height === height;
  const drift = Math.abs(output.width / output.height / (width / height) - 1);
  if (!sameSize && drift > ASPECT_TOLERANCE) {
    return kept(
      output,
      `The model returned ${output.width}×${output.height}, another shape than the original's ${width}×${height}, so it was not put onto the original.`,
    );
  }
  const result = await sharp(output.bytes)
    .resize(width, height, { fit: "fill", kernel: "lanczos3" })
    .ensureAlpha()
    .raw()
    .toBuffer();
  const mask = await regionMask(region);
  const pixels = Buffer.from(base.data);
  for (let pixel = 0; pixel < mask.length; pixel += 1) {
    const weight = mask[pixel]!;
    if (weight === 0) continue;
    const at = pixel * 4;
    for (let channel = at; channel < at + 4; channel += 1) {
      const from = pixels[channel]!;
      pixels[channel] = from + Math.round(((result[channel]! - from) * weight) / 255);
    }
  }
  const hasAlpha = (await sharp(original).metadata()).hasAlpha;
  const encoded = sharp(pixels, { raw: { width, height, channels: 4 } });
  const bytes = await (hasAlpha ? encoded : encoded.removeAlpha()).png().toBuffer();
  return { image: { bytes, mime: "image/png", width, height }, outcome: { composited: true, resized: !sameSize } };
}

function kept(output: ImageBytes, reason: string): CompositeResult {
  return { image: output, outcome: { composited: false, reason } };
}
