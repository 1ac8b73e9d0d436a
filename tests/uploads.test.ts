import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { INPUT_IMAGE_MAX_BYTES } from "@/lib/shared/seedream/limits";
import { displayFileName } from "@/lib/shared/uploads/file-name";
import {
  checkUploadCount,
  normalizeUpload,
  UPLOAD_MAX_BYTES,
  UPLOAD_MAX_FILES,
  UploadError,
  type UploadRejection,
} from "@/lib/server/uploads/normalize-upload";
import {
  animation,
  blankBilevelPng,
  BLUE,
  cmykJpeg,
  halfBlackJpeg,
  noiseJpeg,
  noisePng,
  photoLikeGreyPng,
  photoLikeJpeg,
  photoLikePng,
  photoLikeWebp,
  RED,
  solidAvif,
  solidPng,
  solidTiff,
  transparentGif,
} from "@/tests/support/build-test-images";

/** The UploadError a person would see for this file, or a failed test if it was accepted. */
async function refusal(bytes: Buffer, fileName: string): Promise<UploadError> {
  const error: unknown = await normalizeUpload({ bytes, fileName }).then(
    () => expect.fail(`${fileName} was accepted`),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UploadError);
  return error as UploadError;
}

async function expectRefused(bytes: Buffer, fileName: string, reason: UploadRejection, message: string) {
  const error = await refusal(bytes, fileName);
  expect({ reason: error.reason, message: error.message, fileName: error.fileName }).toEqual({
    reason,
    message,
    fileName,
  });
}

async function pixelAt(bytes: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const start = (y * info.width + x) * info.channels;
  return [...data.subarray(start, start + Math.min(info.channels, 3))];
}

describe("files the studio refuses", () => {
  it("refuses a text file named .png", async () => {
    const text = Buffer.from("Shopping list\n- eggs\n- flour\n");
    await expectRefused(text, "notes.png", "not_an_image", "“notes.png” is not an image the studio can read.");
  });

  it("refuses a PNG cut in half, although its header still reads", async () => {
    const whole = await noisePng(400, 400, 1);
    const half = whole.subarray(0, whole.length / 2);
    expect((await sharp(half).metadata()).width).toBe(400);
    await expectRefused(half, "half.png", "not_an_image", "“half.png” is not an image the studio can read.");
  });

  it("refuses a JPEG cut short", async () => {
    const whole = await photoLikeJpeg(800, 600);
    const cut = whole.subarray(0, Math.floor(whole.length * 0.7));
    await expectRefused(cut, "cut.jpg", "not_an_image", "“cut.jpg” is not an image the studio can read.");
  });

  it("refuses an SVG, which sharp could render", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>');
    expect((await sharp(svg).metadata()).format).toBe("svg");
    await expectRefused(svg, "logo.svg", "not_an_image", "“logo.svg” is not an image the studio can read.");
  });

  it("refuses an empty file", async () => {
    await expectRefused(Buffer.alloc(0), "x.png", "empty", "“x.png” is empty.");
  });

  it("refuses a real PNG over 25 MB", async () => {
    const big = await noisePng(3000, 3000, 1);
    expect(big.length).toBeGreaterThan(UPLOAD_MAX_BYTES);
    await expectRefused(big, "big.png", "too_large", "“big.png” is larger than 25 MB.");
  });

  it("checks the size before decoding anything", async () => {
    const bigText = Buffer.alloc(UPLOAD_MAX_BYTES + 1, "a");
    expect((await refusal(bigText, "big.txt")).reason).toBe("too_large");
  });

  it("refuses a 20000 × 20000 PNG from its header, quickly", async () => {
    const bomb = blankBilevelPng(20_000, 20_000);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ width: 20_000, height: 20_000 });
    const started = performance.now();
    await expectRefused(bomb, "bomb.png", "too_many_pixels", "“bomb.png” has more than 40 megapixels.");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses just over 40 megapixels and accepts the same kind of file below it", async () => {
    expect((await refusal(blankBilevelPng(8000, 5001), "over.png")).reason).toBe("too_many_pixels");
    await expect(normalizeUpload({ bytes: blankBilevelPng(300, 200), fileName: "small.png" })).resolves.toMatchObject({
      width: 300,
      height: 200,
    });
  });

  it("refuses a 1:4 strip and says why, without cropping it", async () => {
    const message = "“strip.png” is 1:4; Seedream takes images between 1:3 and 3:1.";
    await expectRefused(await solidPng(100, 400), "strip.png", "bad_aspect_ratio", message);
    const wide = await refusal(await solidPng(1000, 301), "wide.png");
    expect(wide.message).toBe("“wide.png” is 3.33:1; Seedream takes images between 1:3 and 3:1.");
  });

  it("judges the shape as people see it, after the EXIF rotation", async () => {
    const error = await refusal(await halfBlackJpeg(400, 100, 6), "tall.jpg");
    expect(error.message).toBe("“tall.jpg” is 1:4; Seedream takes images between 1:3 and 3:1.");
  });

  it("accepts exactly 1:3 and 3:1", async () => {
    await expect(normalizeUpload({ bytes: await solidPng(100, 300), fileName: "a.png" })).resolves.toBeDefined();
    await expect(normalizeUpload({ bytes: await solidPng(300, 100), fileName: "b.png" })).resolves.toBeDefined();
  });
});

describe("how many files", () => {
  it("takes 1 to 10 files and refuses 11", () => {
    expect(() => checkUploadCount(1)).not.toThrow();
    expect(() => checkUploadCount(UPLOAD_MAX_FILES)).not.toThrow();
    expect(() => checkUploadCount(11)).toThrow(
      expect.objectContaining({ reason: "too_many_files", message: "Add at most 10 images at a time." }),
    );
  });

  it("asks for at least one image", () => {
    expect(() => checkUploadCount(0)).toThrow(
      expect.objectContaining({ reason: "empty", message: "Choose at least one image." }),
    );
  });
});

describe("files the studio keeps exactly as they came", () => {
  it.each([
    ["a PNG", () => photoLikePng(640, 480), "image/png"],
    ["a JPEG", () => photoLikeJpeg(640, 480), "image/jpeg"],
    ["a WebP", () => photoLikeWebp(640, 480), "image/webp"],
    ["a grey PNG", () => photoLikeGreyPng(640, 480), "image/png"],
  ] as const)("keeps %s byte for byte", async (_, build, mime) => {
    const bytes = await build();
    const upload = await normalizeUpload({ bytes, fileName: "fine" });
    expect(upload.bytes.equals(bytes)).toBe(true);
    expect(upload).toMatchObject({ mime, width: 640, height: 480 });
  });

  it("keeps a 24 MP photo (exactly 6000 px wide) as it is, in reasonable time", async () => {
    const photo = await photoLikeJpeg(6000, 4000);
    const started = performance.now();
    const upload = await normalizeUpload({ bytes: photo, fileName: "camera.jpg" });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(upload.bytes.equals(photo)).toBe(true);
    expect(upload).toMatchObject({ mime: "image/jpeg", width: 6000, height: 4000 });
  });
});

describe("files the studio converts", () => {
  it("turns an EXIF-rotated photo upright and drops the orientation tag", async () => {
    const sideways = await halfBlackJpeg(200, 100, 6);
    expect(await sharp(sideways).metadata()).toMatchObject({ width: 200, height: 100, orientation: 6 });

    const upload = await normalizeUpload({ bytes: sideways, fileName: "phone.jpg" });
    expect(upload).toMatchObject({ mime: "image/jpeg", width: 100, height: 200 });
    const stored = await sharp(upload.bytes).metadata();
    expect(stored).toMatchObject({ width: 100, height: 200 });
    expect(stored.orientation).toBeUndefined();
    // Orientation 6 turns the picture a quarter clockwise: the black left half ends up on top.
    expect(Math.max(...(await pixelAt(upload.bytes, 50, 40)))).toBeLessThan(40);
    expect(Math.min(...(await pixelAt(upload.bytes, 50, 160)))).toBeGreaterThan(215);
  });

  it("turns a rotated 24 MP photo upright in reasonable time", async () => {
    const photo = await sharp(await photoLikeJpeg(6000, 4000)).withMetadata({ orientation: 8 }).toBuffer();
    const started = performance.now();
    const upload = await normalizeUpload({ bytes: photo, fileName: "camera.jpg" });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(upload).toMatchObject({ mime: "image/jpeg", width: 4000, height: 6000 });
  });

  it("stores a CMYK JPEG as sRGB, with its colours", async () => {
    const print = await cmykJpeg(64, 64, RED);
    expect((await sharp(print).metadata()).space).toBe("cmyk");

    const upload = await normalizeUpload({ bytes: print, fileName: "print.jpg" });
    expect(upload.mime).toBe("image/jpeg");
    expect(await sharp(upload.bytes).metadata()).toMatchObject({ space: "srgb", channels: 3 });
    const [r = 0, g = 0, b = 0] = await pixelAt(upload.bytes, 32, 32);
    expect(r).toBeGreaterThan(200);
    expect(Math.max(g, b)).toBeLessThan(80);
  });

  it.each([
    ["GIF", "gif", "image/png"],
    ["WebP", "webp", "image/webp"],
  ] as const)("keeps only the first frame of an animated %s", async (_, format, mime) => {
    const animated = await animation(48, [RED, BLUE], format);
    expect((await sharp(animated).metadata()).pages).toBe(2);

    const upload = await normalizeUpload({ bytes: animated, fileName: `loop.${format}` });
    expect(upload).toMatchObject({ mime, width: 48, height: 48 });
    expect((await sharp(upload.bytes).metadata()).pages ?? 1).toBe(1);
    const [r = 0, g = 255, b = 255] = await pixelAt(upload.bytes, 24, 24);
    expect(r).toBeGreaterThan(230);
    expect(Math.max(g, b)).toBeLessThan(30);
  });

  it("keeps a GIF's transparency, as PNG", async () => {
    const upload = await normalizeUpload({ bytes: await transparentGif(64), fileName: "sticker.gif" });
    expect(upload.mime).toBe("image/png");
    expect((await sharp(upload.bytes).metadata()).hasAlpha).toBe(true);
    const { data } = await sharp(upload.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[3]).toBe(0); // the top-left corner stays see-through
    expect([...data.subarray((32 * 64 + 32) * 4, (32 * 64 + 32) * 4 + 4)]).toEqual([255, 0, 0, 255]);
  });

  it.each([
    ["an AVIF photo, as JPEG", () => solidAvif(320, 240), "image/jpeg", "jpeg"],
    ["a TIFF, as PNG", () => solidTiff(320, 240), "image/png", "png"],
  ] as const)("converts %s", async (_, build, mime, format) => {
    const upload = await normalizeUpload({ bytes: await build(), fileName: "other" });
    expect(upload).toMatchObject({ mime, width: 320, height: 240 });
    expect((await sharp(upload.bytes).metadata()).format).toBe(format);
  });

  it("scales a 7000 × 3000 photo down to 6000 px on its long side, keeping its shape", async () => {
    const upload = await normalizeUpload({ bytes: await photoLikeJpeg(7000, 3000), fileName: "pano.jpg" });
    expect(upload).toMatchObject({ mime: "image/jpeg", width: 6000, height: 2572 });
    expect(await sharp(upload.bytes).metadata()).toMatchObject({ width: 6000, height: 2572 });
  });

  it("re-encodes a very noisy 5000 × 5000 PNG over 10 MB to 10 MB or less", async () => {
    const noisy = await noisePng(5000, 5000, 2);
    expect(noisy.length).toBeGreaterThan(INPUT_IMAGE_MAX_BYTES);
    expect(noisy.length).toBeLessThanOrEqual(UPLOAD_MAX_BYTES);

    const upload = await normalizeUpload({ bytes: noisy, fileName: "noise.png" });
    expect(upload.bytes.length).toBeLessThanOrEqual(INPUT_IMAGE_MAX_BYTES);
    expect(upload).toMatchObject({ mime: "image/jpeg", width: 5000, height: 5000 });
    expect(await sharp(upload.bytes).metadata()).toMatchObject({ format: "jpeg", width: 5000, height: 5000 });
  });

  it("scales down a picture that even the lowest JPEG quality cannot fit in 10 MB", async () => {
    const noise = await noiseJpeg(6000, 6000, 60);
    expect(noise.length).toBeGreaterThan(INPUT_IMAGE_MAX_BYTES);

    const upload = await normalizeUpload({ bytes: noise, fileName: "static.jpg" });
    expect(upload.bytes.length).toBeLessThanOrEqual(INPUT_IMAGE_MAX_BYTES);
    expect(upload.width).toBeLessThan(6000);
    expect(upload.width).toBe(upload.height);
    expect(await sharp(upload.bytes).metadata()).toMatchObject({ width: upload.width, height: upload.height });
  });
});

describe("file names", () => {
  it.each([
    ["../../etc/passwd.png", "passwd.png"],
    ["C:\\Users\\ana\\Pictures\\cat.png", "cat.png"],
    ["holiday\u0000\n\tred.png", "holiday red.png"],
    ["invoice\u202Egnp.exe", "invoicegnp.exe"],
    ["תמונה של חתול.png", "תמונה של חתול.png"],
    ["🐈‍⬛ night 🌙.png", "🐈‍⬛ night 🌙.png"],
    ["../", "image"],
    ["", "image"],
  ])("shows %j as %j", (raw, shown) => {
    expect(displayFileName(raw)).toBe(shown);
  });

  it("caps a long name at 200 characters and keeps its extension", () => {
    const shown = displayFileName(`${"🌙".repeat(300)}.jpeg`);
    expect([...shown]).toHaveLength(200);
    expect(shown.endsWith("🌙….jpeg")).toBe(true);
  });

  it("returns the cleaned name with the upload, and uses it in refusals", async () => {
    const upload = await normalizeUpload({ bytes: await solidPng(64, 64), fileName: "../../etc/passwd.png" });
    expect(upload.fileName).toBe("passwd.png");
    const error = await refusal(Buffer.from("hi"), "a/b/\u0007notes.png");
    expect(error.message).toBe("“notes.png” is not an image the studio can read.");
  });
});
