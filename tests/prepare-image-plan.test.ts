import sharp from "sharp";
import { describe, expect, it } from "vitest";
import {
  encodeSize,
  fileNameFor,
  fitLongSide,
  halveToFit,
  HEADER_BYTES,
  JPEG_QUALITY,
  planPreparation,
  readImageHeader,
  type ImageHeader,
} from "@/lib/browser/prepare-image-plan";

const MB = 1024 * 1024;

const solid = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 40, g: 120, b: 200, alpha: channels === 4 ? 0.5 : 1 } } });

/** Only what the browser reads: the first HEADER_BYTES of the file. */
const headerOf = (bytes: Buffer) => readImageHeader(new Uint8Array(bytes.subarray(0, HEADER_BYTES)));

const header = (patch: Partial<ImageHeader>): ImageHeader => ({ format: "jpeg", width: 1000, height: 800, orientation: 1, hasAlpha: false, ...patch });

describe("reading an image's header in the browser", () => {
  it("reads a phone-sized JPEG's size and its EXIF orientation", async () => {
    const upright = await solid(6000, 4000).jpeg().toBuffer();
    expect(headerOf(upright)).toEqual({ format: "jpeg", width: 6000, height: 4000, orientation: 1, hasAlpha: false });
    for (const orientation of [3, 6, 8]) {
      const rotated = await solid(600, 400).jpeg().withMetadata({ orientation }).toBuffer();
      expect(headerOf(rotated)).toEqual({ format: "jpeg", width: 600, height: 400, orientation, hasAlpha: false });
    }
  });

  it("reads progressive JPEGs and ones carrying an ICC profile before the frame", async () => {
    const progressive = await solid(900, 700).jpeg({ progressive: true }).withMetadata({ icc: "p3" }).toBuffer();
    expect(headerOf(progressive)).toMatchObject({ format: "jpeg", width: 900, height: 700 });
  });

  it("tells PNGs with transparency from opaque ones", async () => {
    expect(headerOf(await solid(320, 200).png().toBuffer())).toEqual({ format: "png", width: 320, height: 200, orientation: 1, hasAlpha: false });
    expect(headerOf(await solid(320, 200, 4).png().toBuffer())).toMatchObject({ format: "png", hasAlpha: true });
    // A palette PNG is transparent through its tRNS chunk, whatever its colour type says.
    const palette = await solid(64, 64, 4).png({ palette: true }).toBuffer();
    expect(headerOf(palette)).toMatchObject({ format: "png", width: 64, height: 64, hasAlpha: true });
  });

  it("reads lossy, lossless and extended WebP", async () => {
    expect(headerOf(await solid(1234, 567).webp().toBuffer())).toEqual({ format: "webp", width: 1234, height: 567, orientation: 1, hasAlpha: false });
    expect(headerOf(await solid(300, 500).webp({ lossless: true }).toBuffer())).toMatchObject({ format: "webp", width: 300, height: 500 });
    expect(headerOf(await solid(777, 333, 4).webp().toBuffer())).toMatchObject({ format: "webp", width: 777, height: 333, hasAlpha: true });
  });

  it("reads GIF as possibly transparent", async () => {
    expect(headerOf(await solid(50, 40).gif().toBuffer())).toEqual({ format: "gif", width: 50, height: 40, orientation: 1, hasAlpha: true });
  });

  it("knows nothing of text, truncated headers or other formats, and leaves them to the decoder", async () => {
    expect(headerOf(Buffer.from("just some text, not a picture"))).toBeNull();
    expect(headerOf(Buffer.alloc(0))).toBeNull();
    const png = await solid(100, 100).png().toBuffer();
    expect(headerOf(png.subarray(0, 20))).toBeNull();
    const jpeg = await solid(100, 100).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(headerOf(jpeg.subarray(0, 30))).toBeNull();
    expect(headerOf(await solid(100, 100).tiff().toBuffer())).toBeNull();
  });
});

describe("planning what to do before upload", () => {
  it("leaves files alone that already fit: ≤ 4096 px and ≤ 10 MB", () => {
    expect(planPreparation(header({ width: 4096, height: 3072 }), 9 * MB)).toEqual({ kind: "keep" });
    expect(planPreparation(header({ format: "png", width: 1200, height: 900, hasAlpha: true }), 2 * MB)).toEqual({ kind: "keep" });
    expect(planPreparation(header({ format: "gif", width: 500, height: 500, hasAlpha: true }), MB)).toEqual({ kind: "keep" });
  });

  it("halves a 24 MP phone photo to a 3000 px JPEG at high quality", () => {
    expect(planPreparation(header({ width: 6000, height: 4000 }), 8 * MB)).toEqual({
      kind: "encode",
      width: 3000,
      height: 2000,
      mime: "image/jpeg",
      quality: JPEG_QUALITY,
    });
  });

  it("plans the upright shape of a photo taken in portrait", () => {
    expect(planPreparation(header({ width: 6000, height: 4000, orientation: 6 }), 8 * MB)).toMatchObject({ width: 2000, height: 3000 });
    expect(planPreparation(header({ width: 6000, height: 4000, orientation: 3 }), 8 * MB)).toMatchObject({ width: 3000, height: 2000 });
  });

  it("keeps transparency as PNG", () => {
    expect(planPreparation(header({ format: "png", width: 5000, height: 5000, hasAlpha: true }), 4 * MB)).toEqual({
      kind: "encode",
      width: 4096,
      height: 4096,
      mime: "image/png",
      quality: undefined,
    });
  });

  it("re-encodes a file that is small in pixels but over 10 MB, at its own size", () => {
    expect(planPreparation(header({ format: "png", width: 4000, height: 3000 }), 14 * MB)).toMatchObject({
      kind: "encode",
      width: 4000,
      height: 3000,
      mime: "image/jpeg",
    });
  });

  it("always re-encodes a format the server may not read", () => {
    expect(planPreparation(header({ format: null, width: 800, height: 600, hasAlpha: true }), 100_000)).toMatchObject({
      kind: "encode",
      width: 800,
      height: 600,
      mime: "image/png",
    });
  });

  it("sends up untouched what the server refuses anyway, so its sentence says why", () => {
    // 12000 × 9000 is 108 MP: too much to decode in a tab.
    expect(planPreparation(header({ width: 12000, height: 9000 }), 20 * MB)).toEqual({ kind: "keep" });
    // Seedream takes 1:3 to 3:1.
    expect(planPreparation(header({ width: 8000, height: 2000 }), 5 * MB)).toEqual({ kind: "keep" });
  });
});

describe("sizes and names", () => {
  it("fits the long side without enlarging or bending the shape", () => {
    expect(fitLongSide(6000, 4000)).toEqual({ width: 4096, height: 2731 });
    expect(fitLongSide(3000, 9000)).toEqual({ width: 1365, height: 4096 });
    expect(fitLongSide(5000, 5000)).toEqual({ width: 4096, height: 4096 });
    expect(fitLongSide(1024, 768)).toEqual({ width: 1024, height: 768 });
    expect(fitLongSide(100000, 1)).toEqual({ width: 4096, height: 1 });
  });

  it("halves a JPEG's sides, rounding up as its decoder does, until the long side fits 4096", () => {
    expect(halveToFit(6000, 4000)).toEqual({ width: 3000, height: 2000 });
    expect(halveToFit(6001, 4001)).toEqual({ width: 3001, height: 2001 });
    // A 48 MP sensor keeps nearly all of 4096; a 64 MP one needs a quarter.
    expect(halveToFit(8064, 6048)).toEqual({ width: 4032, height: 3024 });
    expect(halveToFit(9248, 6936)).toEqual({ width: 2312, height: 1734 });
    expect(halveToFit(4097, 3000)).toEqual({ width: 2049, height: 1500 });
    expect(halveToFit(4096, 100)).toEqual({ width: 4096, height: 100 });
  });

  it("encodes a JPEG scaled down while decoding at that size, and scales anything larger to the plan", () => {
    const plan = { width: 4096, height: 2731 };
    expect(encodeSize(plan, { width: 3750, height: 2500 })).toEqual({ width: 3750, height: 2500 });
    expect(encodeSize(plan, { width: 4096, height: 2731 })).toEqual({ width: 4096, height: 2731 });
    expect(encodeSize(plan, { width: 6000, height: 4000 })).toEqual(plan);
  });

  it("names a re-encoded file after what it now is", () => {
    expect(fileNameFor("IMG_0042.HEIC", "image/jpeg")).toBe("IMG_0042.jpg");
    expect(fileNameFor("photo.JPG", "image/jpeg")).toBe("photo.JPG");
    expect(fileNameFor("scan.png", "image/jpeg")).toBe("scan.jpg");
    expect(fileNameFor("logo.bmp", "image/png")).toBe("logo.png");
    expect(fileNameFor("pasted", "image/png")).toBe("pasted.png");
    expect(fileNameFor(".hidden", "image/webp")).toBe(".hidden.webp");
  });
});
