import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ImageDecodeError, inspectImage, inspectImageWithThumbnail } from "@/lib/server/engine/inspect-image";
import { thumbnailFromBytes } from "@/lib/server/images/thumbnail";
import { normalizeUpload } from "@/lib/server/uploads/normalize-upload";
import { blankBilevelPng, solidTiff } from "./support/build-test-images";

function gradient(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let index = 0; index < width * height; index++) {
    const x = index % width;
    const y = Math.floor(index / width);
    pixels.set([(255 * x) / width, (255 * y) / height, 128], index * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** A PNG whose header claims `width`×`height` but whose pixel data stops half way. */
function cutPng(width: number, height: number): Buffer {
  const whole = blankBilevelPng(width, height);
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** Mean absolute difference per channel value between two images of the same size. */
async function difference(a: Buffer, b: Buffer): Promise<number> {
  const [left, right] = await Promise.all([a, b].map((bytes) => sharp(bytes).removeAlpha().raw().toBuffer()));
  let sum = 0;
  for (let index = 0; index < left!.length; index++) sum += Math.abs(left![index]! - right![index]!);
  return sum / left!.length;
}

describe("inspectImageWithThumbnail", () => {
  it("answers what inspectImage answers, with the thumbnail the store would make from the bytes", async () => {
    const bytes = await gradient(1600, 900);
    const inspected = await inspectImageWithThumbnail(bytes);
    const { thumbnail, ...info } = inspected;
    expect(info).toEqual(await inspectImage(bytes));
    const made = await thumbnail.made();
    expect(made).not.toBeNull();
    expect(await sharp(made!).metadata()).toMatchObject({ format: "webp", width: 512, height: 288 });
    expect(await difference(made!, await thumbnailFromBytes(bytes))).toBeLessThan(2);
  });

  it("makes the thumbnail of an EXIF-turned photo upright", async () => {
    const turned = await sharp(await gradient(640, 480)).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const { width, height, thumbnail } = await inspectImageWithThumbnail(turned);
    expect([width, height]).toEqual([480, 640]);
    expect(await sharp((await thumbnail.made())!).metadata()).toMatchObject({ width: 384, height: 512 });
  });

  it("refuses a truncated image as inspectImage does", async () => {
    const noise = await sharp({ create: { width: 256, height: 256, channels: 3, background: "#777", noise: { type: "gaussian", mean: 128, sigma: 50 } } })
      .png()
      .toBuffer();
    const truncated = noise.subarray(0, Math.floor(noise.length * 0.7));
    await expect(inspectImageWithThumbnail(truncated)).rejects.toBeInstanceOf(ImageDecodeError);
  });

  it("gives its share of the decoded-pixel bound back when a decode fails", async () => {
    // Each claims 4096² (64 MB of pixels); the bound holds two. Were a failed decode to keep its
    // share, the third attempt would wait for ever.
    for (let attempt = 0; attempt < 4; attempt++) {
      await expect(inspectImageWithThumbnail(cutPng(4096, 4096))).rejects.toBeInstanceOf(ImageDecodeError);
    }
    const { thumbnail } = await inspectImageWithThumbnail(await gradient(64, 64));
    expect(await thumbnail.made()).not.toBeNull();
  });
});

describe("normalizeUpload", () => {
  it("hands over the thumbnail of a file it keeps as it is, made from the pixels its check decoded", async () => {
    const bytes = await gradient(1600, 900);
    const upload = await normalizeUpload({ bytes, fileName: "kept.png" });
    expect(upload.bytes.equals(bytes)).toBe(true);
    const made = await upload.thumbnail.made();
    expect(await sharp(made!).metadata()).toMatchObject({ format: "webp", width: 512, height: 288 });
    expect(await difference(made!, await thumbnailFromBytes(bytes))).toBeLessThan(2);
  });

  it("hands over the thumbnail of a file it converts, made from the pixels it encoded", async () => {
    const upload = await normalizeUpload({ bytes: await solidTiff(900, 1200), fileName: "scan.tiff" });
    expect(upload.mime).toBe("image/png");
    expect(await sharp((await upload.thumbnail.made())!).metadata()).toMatchObject({ format: "webp", width: 384, height: 512 });
  });
});
