import { randomBytes } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";

/**
 * Real image files, built in memory, for tests that need a particular kind of upload. Each builder
 * makes the smallest real file that has the property a test is about.
 */

type Rgb = { r: number; g: number; b: number };
export const RED: Rgb = { r: 255, g: 0, b: 0 };
export const BLUE: Rgb = { r: 0, g: 0, b: 255 };

function solid(width: number, height: number, colour: Rgb = { r: 90, g: 140, b: 200 }) {
  return sharp({ create: { width, height, channels: 3, background: colour } });
}

export function solidPng(width: number, height: number, colour?: Rgb): Promise<Buffer> {
  return solid(width, height, colour).png().toBuffer();
}

export function solidAvif(width: number, height: number, colour?: Rgb): Promise<Buffer> {
  return solid(width, height, colour).avif().toBuffer();
}

export function solidTiff(width: number, height: number, colour?: Rgb): Promise<Buffer> {
  return solid(width, height, colour).tiff().toBuffer();
}

/** Written in CMYK, as print workflows and some stock sites deliver JPEGs. */
export function cmykJpeg(width: number, height: number, colour: Rgb): Promise<Buffer> {
  return solid(width, height, colour).toColourspace("cmyk").jpeg({ quality: 95 }).toBuffer();
}

/** An animated GIF or WebP whose frames are the given colours, in order. */
export async function animation(size: number, frames: Rgb[], format: "gif" | "webp"): Promise<Buffer> {
  const pngs = await Promise.all(frames.map((colour) => solidPng(size, size, colour)));
  return sharp(pngs, { join: { animated: true } }).toFormat(format).toBuffer();
}

/**
 * A JPEG stored as the camera's sensor saw it, with the EXIF orientation telling viewers how to
 * turn it: the left half is black and the right half white, so the tests can see where it went.
 */
export async function halfBlackJpeg(width: number, height: number, orientation: number): Promise<Buffer> {
  const left = await sharp({
    create: { width: width / 2, height, channels: 3, background: { r: 0, g: 0, b: 0 } },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([{ input: left, left: 0, top: 0 }])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation })
    .toBuffer();
}

/**
 * Smooth random colour, so it compresses like a photo (a few MB at 24 MP) rather than like a flat
 * colour (a few KB), and so that encoding it again never gives the same bytes by chance. Built
 * from a small random image scaled up, in well under a second.
 */
function photoLike(width: number, height: number) {
  const small = { width: Math.ceil(width / 10), height: Math.ceil(height / 10), channels: 3 as const };
  return sharp(randomBytes(small.width * small.height * 3), { raw: small }).resize(width, height, {
    kernel: "cubic",
  });
}

export function photoLikeJpeg(width: number, height: number): Promise<Buffer> {
  return photoLike(width, height).jpeg({ quality: 90 }).toBuffer();
}

/** Settings unlike sharp's defaults, so that re-encoding them would show in the bytes. */
export function photoLikePng(width: number, height: number): Promise<Buffer> {
  return photoLike(width, height).png({ compressionLevel: 2 }).toBuffer();
}

export function photoLikeGreyPng(width: number, height: number): Promise<Buffer> {
  return photoLike(width, height).toColourspace("b-w").png({ compressionLevel: 2 }).toBuffer();
}

export function photoLikeWebp(width: number, height: number): Promise<Buffer> {
  return photoLike(width, height).webp({ quality: 77 }).toBuffer();
}

/** A red square on a transparent background. */
export async function transparentGif(size: number): Promise<Buffer> {
  const square = await solidPng(size / 2, size / 2, RED);
  return sharp({ create: { width: size, height: size, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: square, left: size / 4, top: size / 4 }])
    .gif()
    .toBuffer();
}

/**
 * Random colour in blocks of `block` × `block` pixels, as PNG. With block 1 it does not compress at
 * all (about 3 bytes a pixel); with block 2 PNG's filters save about a quarter of that, while JPEG
 * still needs a low quality to hold it.
 */
export function noisePng(width: number, height: number, block: 1 | 2): Promise<Buffer> {
  const raw = { width: width / block, height: height / block, channels: 3 as const };
  return sharp(randomBytes(raw.width * raw.height * raw.channels), { raw })
    .resize(width, height, { kernel: "nearest" })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** Random colour in every pixel, as a JPEG: only a much smaller picture can hold it in 10 MB. */
export function noiseJpeg(width: number, height: number, quality: number): Promise<Buffer> {
  const raw = { width, height, channels: 3 as const };
  return sharp(randomBytes(width * height * 3), { raw }).jpeg({ quality }).toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A valid, all-black, 1-bit PNG of any size, written by hand: sharp would have to push every pixel
 * through its pipeline to write one this large, while here 20000 × 20000 pixels are 50 MB of
 * zeros that deflate to about 50 KB. This is what a decompression bomb looks like.
 */
export function blankBilevelPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale; compression, filter and interlace stay 0
  const rowBytes = 1 + Math.ceil(width / 8); // a filter-type byte, then the packed pixels
  const pixels = deflateSync(Buffer.alloc(rowBytes * height), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", pixels),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}
