import { crc32, deflateSync } from "node:zlib";
import sharp, { type Sharp } from "sharp";
import { describe, expect, it } from "vitest";
import { decodeDataUrl, ImageDecodeError, inspectImage } from "@/lib/server/engine/inspect-image";

function picture(width: number, height: number): Sharp {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 30 } } });
}

/** Noise compresses badly, so a cut file is missing real pixel data, not just padding. */
function noise(width: number, height: number): Sharp {
  const grain = { type: "gaussian", mean: 128, sigma: 50 } as const;
  return sharp({ create: { width, height, channels: 3, background: "#777", noise: grain } });
}

/** A PNG that claims a huge size but carries almost no pixel data: the shape of a decompression bomb. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.alloc(1))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

async function expectDecodeError(promise: Promise<unknown>, message?: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ImageDecodeError);
  if (message) expect((error as ImageDecodeError).message).toMatch(message);
}

describe("inspectImage", () => {
  it.each([
    ["png", "image/png"],
    ["jpeg", "image/jpeg"],
    ["webp", "image/webp"],
  ] as const)("reads a %s file's format, MIME type and size", async (format, mime) => {
    const bytes = await picture(40, 30).toFormat(format).toBuffer();
    await expect(inspectImage(bytes)).resolves.toEqual({ format, mime, width: 40, height: 30 });
  });

  it("accepts formats the provider does not take, without a MIME type", async () => {
    const gif = await picture(40, 30).gif().toBuffer();
    await expect(inspectImage(gif)).resolves.toEqual({ format: "gif", mime: null, width: 40, height: 30 });
    const avif = await picture(40, 30).avif().toBuffer();
    await expect(inspectImage(avif)).resolves.toMatchObject({ format: "avif", mime: null });
  });

  it("reports the size people see when EXIF turns the photo", async () => {
    const turned = await picture(40, 30).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    await expect(inspectImage(turned)).resolves.toMatchObject({ width: 30, height: 40 });
  });

  it("rejects an empty buffer and text", async () => {
    await expectDecodeError(inspectImage(Buffer.alloc(0)), /empty/);
    await expectDecodeError(inspectImage(Buffer.from("this is a text file, not a picture")));
  });

  it("rejects a truncated PNG whose header alone still reads fine", async () => {
    const whole = await noise(256, 256).png().toBuffer();
    const truncated = whole.subarray(0, Math.floor(whole.length * 0.7));
    await expect(sharp(truncated).metadata()).resolves.toMatchObject({ width: 256, height: 256 });
    await expectDecodeError(inspectImage(truncated), /not a readable image/);
  });

  it("rejects a truncated JPEG", async () => {
    const whole = await noise(256, 256).jpeg().toBuffer();
    await expectDecodeError(inspectImage(whole.subarray(0, Math.floor(whole.length * 0.8))));
  });

  it("refuses more pixels than allowed, saying so", async () => {
    const bytes = await picture(200, 100).png().toBuffer();
    await expectDecodeError(inspectImage(bytes, { maxPixels: 19_999 }), /too many pixels/i);
    await expect(inspectImage(bytes, { maxPixels: 20_000 })).resolves.toMatchObject({ width: 200 });
  });

  it("refuses a 100-megapixel header by default, before decoding anything", async () => {
    await expectDecodeError(inspectImage(pngClaiming(10_000, 10_000)), /too many pixels/i);
  });

  it("decodes a 2048² PNG quickly", async () => {
    const bytes = await noise(2048, 2048).png().toBuffer();
    const started = performance.now();
    await expect(inspectImage(bytes)).resolves.toMatchObject({ width: 2048, height: 2048 });
    const elapsed = performance.now() - started;
    console.info(`inspectImage on a 2048² noise PNG (${bytes.length} bytes): ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(1500);
  });
});

describe("decodeDataUrl", () => {
  it("returns the bytes and type of a base64 image data URL", async () => {
    const bytes = await picture(4, 4).png().toBuffer();
    const decoded = decodeDataUrl(`data:image/png;base64,${bytes.toString("base64")}`);
    expect(decoded?.mime).toBe("image/png");
    expect(decoded?.bytes.equals(bytes)).toBe(true);
  });

  it("returns null for anything that is not a base64 image data URL", () => {
    expect(decodeDataUrl("https://example.com/cat.png")).toBeNull();
    expect(decodeDataUrl("data:text/plain;base64,aGVsbG8=")).toBeNull();
    expect(decodeDataUrl("data:image/png,not-base64")).toBeNull();
    expect(decodeDataUrl("data:image/png;base64,@@@@")).toBeNull();
    expect(decodeDataUrl("")).toBeNull();
  });
});
