import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { compositeInsideRegion } from "@/lib/server/marks/composite";
import { boxFeather } from "@/lib/server/marks/region-mask";
import type { KeepRegion } from "@/lib/shared/marks/region";
import { noisePng, photoLikePng } from "./support/build-test-images";
import { decodeRgba, differencesOutside } from "./support/region-pixels";

const IMAGE_ID = "0190a6c4-0000-7000-8000-0000000000aa";

function regionOf(overrides: Partial<KeepRegion> = {}): KeepRegion {
  return {
    imageId: IMAGE_ID,
    width: 320,
    height: 240,
    feather: 4,
    strokes: [{ radius: 12, points: [[40, 40], [120, 60], [160, 130]] }],
    boxes: [{ x: 200, y: 150, width: 80, height: 60 }],
    ...overrides,
  };
}

const png = (bytes: Buffer, width: number, height: number) => ({ bytes, mime: "image/png" as const, width, height });

describe("keeping everything outside a painted region", () => {
  it("leaves every decoded pixel outside the region and its feather exactly the original's", async () => {
    const original = await photoLikePng(320, 240);
    const region = regionOf();
    // Noise changes every pixel, so any leak of the result outside the region would be counted.
    const { image, outcome } = await compositeInsideRegion(original, png(await noisePng(320, 240, 1), 320, 240), region);

    expect(outcome).toEqual({ composited: true, resized: false });
    expect(image).toMatchObject({ mime: "image/png", width: 320, height: 240 });
    expect((await sharp(image.bytes).metadata()).format).toBe("png");
    // A square feather of 4 reaches at most 4·√2 away from the shapes; one more pixel for rasterising.
    const counts = await differencesOutside(original, image.bytes, region, region.feather * Math.SQRT2 + 1);
    expect(counts.compared).toBeGreaterThan(50_000);
    expect(counts.differing).toBe(0);
    // And the result does show inside: nearly every pixel well inside the shapes changed.
    expect(counts.changedInside / counts.inside).toBeGreaterThan(0.95);
  });

  it("resizes an output whose shape is within 1 % of the original's, then composites it", async () => {
    const original = await photoLikePng(320, 240);
    const region = regionOf({ feather: 0 });
    // 642×480 is 0.3 % wider in shape than 320×240.
    const { image, outcome } = await compositeInsideRegion(original, png(await noisePng(642, 480, 1), 642, 480), region);

    expect(outcome).toEqual({ composited: true, resized: true });
    expect(image).toMatchObject({ width: 320, height: 240 });
    const counts = await differencesOutside(original, image.bytes, region, 1);
    expect(counts.differing).toBe(0);
    expect(counts.changedInside).toBeGreaterThan(0);
  });

  it("keeps an output of another shape as the model returned it, and says why", async () => {
    const original = await photoLikePng(320, 240);
    const returned = png(await noisePng(320, 320, 1), 320, 320);
    const { image, outcome } = await compositeInsideRegion(original, returned, regionOf());

    expect(image).toBe(returned);
    expect(outcome).toEqual({
      composited: false,
      reason: "The model returned 320×320, another shape than the original's 320×240, so it was not put onto the original.",
    });
  });

  it("refuses marks drawn on another size of the picture instead of misplacing them", async () => {
    const original = await photoLikePng(320, 240);
    const returned = png(await noisePng(320, 240, 1), 320, 240);
    const { outcome } = await compositeInsideRegion(original, returned, regionOf({ width: 640, height: 480 }));
    expect(outcome).toMatchObject({ composited: false, reason: expect.stringContaining("640×480") });
  });

  it("keeps the original's transparency outside the region", async () => {
    const original = await sharp({ create: { width: 320, height: 240, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const region = regionOf();
    const { image } = await compositeInsideRegion(original, png(await noisePng(320, 240, 1), 320, 240), region);
    const decoded = await decodeRgba(image.bytes);
    expect(decoded.data[3]).toBe(128);
    expect((await differencesOutside(original, image.bytes, region, region.feather * Math.SQRT2 + 1)).differing).toBe(0);
  });
});

describe("the feather", () => {
  it("ramps over exactly its radius and stays 0 beyond it", () => {
    const width = 21;
    const mask = new Uint8Array(width * width);
    for (let x = 6; x <= 14; x += 1) for (let y = 6; y <= 14; y += 1) mask[y * width + x] = 255;
    const feathered = boxFeather(mask, width, width, 3);
    // The square 6..14 spreads to 3..17 and no farther; its middle, 3 in from every edge, stays whole.
    expect(feathered[2 * width + 10]).toBe(0);
    expect(feathered[10 * width + 2]).toBe(0);
    expect(feathered[3 * width + 10]).toBeGreaterThan(0);
    expect(feathered[10 * width + 10]).toBe(255);
    expect(feathered[9 * width + 9]).toBe(255);
    expect(feathered[6 * width + 10]).toBeLessThan(255);
    expect(Array.from(feathered).filter((value) => value > 0)).toHaveLength(15 * 15);
  });
});
