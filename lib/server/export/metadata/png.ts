import "server-only";
import { crc32 } from "node:zlib";
import { bufferSource, type ByteSource } from "./byte-source";
import { splicePieces, type ByteRange, type FilePiece } from "./splice";

/**
 * Text chunks written into a PNG without touching its pixels: the original's chunks are copied
 * byte for byte and new ones go right after IHDR, where every reader looks first.
 *
 * Why not a library: the npm packages that write PNG text (png-chunk-text, png-chunks-encode,
 * meta-png) write Latin-1 tEXt only, so a prompt in Japanese would be garbled, none writes iTXt,
 * which XMP in PNG requires, and none has had a release in years. The format is small (ISO/IEC
 * 15948 §11.3.4) and node:zlib has the CRC; tests/download-metadata.test.ts reads the result back
 * with sharp (libspng), an independent implementation.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TEXT_CHUNKS = new Set(["tEXt", "zTXt", "iTXt"]);

export interface PngText {
  keyword: string;
  text: string;
  /** XMP must be iTXt; other text is tEXt when it is plain ASCII, iTXt (UTF-8) otherwise. */
  international?: boolean;
}

/**
 * The PNG with `entries` added after IHDR, as pieces (splice.ts); a text chunk already there under
 * one of their keywords is left out, not repeated.
 */
export async function pngTextPieces(png: ByteSource, entries: readonly PngText[]): Promise<FilePiece[]> {
  const chunks = await pngChunks(png);
  const ihdr = chunks[0];
  if (ihdr?.type !== "IHDR") throw new Error("A PNG must start with its IHDR chunk.");
  const keywords = new Set(entries.map((entry) => entry.keyword));
  const replaced: PngChunk[] = [];
  for (const chunk of chunks.slice(1)) {
    if (TEXT_CHUNKS.has(chunk.type) && keywords.has(await keywordOf(png, chunk))) replaced.push(chunk);
  }
  return splicePieces(png.size, ihdr.end, entries.map(encodeText), replaced);
}

/** The whole chunk: length, type, data and CRC. */
export interface PngChunk extends ByteRange {
  type: string;
}

/** The chunks up to and including IEND; bytes after IEND are left alone (and copied as they are). */
export async function pngChunks(file: ByteSource | Buffer): Promise<PngChunk[]> {
  const png = Buffer.isBuffer(file) ? bufferSource(file) : file;
  if (!(await png.read(0, SIGNATURE.length)).equals(SIGNATURE)) throw new Error("Not a PNG: the signature is missing.");
  const chunks: PngChunk[] = [];
  let offset = SIGNATURE.length;
  while (offset + 12 <= png.size) {
    const head = await png.read(offset, offset + 8);
    const end = offset + 12 + head.readUInt32BE(0);
    if (end > png.size) throw new Error("Not a PNG: a chunk runs past the end of the file.");
    const type = head.toString("latin1", 4, 8);
    chunks.push({ type, start: offset, end });
    offset = end;
    if (type === "IEND") return chunks;
  }
  throw new Error("Not a PNG: IEND is missing.");
}

/** A keyword is 1–79 bytes and ends at a NUL, so the first 80 bytes of the data hold it. */
async function keywordOf(png: ByteSource, chunk: PngChunk): Promise<string> {
  const dataStart = chunk.start + 8;
  const data = await png.read(dataStart, Math.min(chunk.end - 4, dataStart + 80));
  const nul = data.indexOf(0);
  return data.toString("latin1", 0, nul === -1 ? data.length : nul);
}

function encodeText({ keyword, text, international = false }: PngText): Buffer {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || /^ | $|  /.test(keyword)) {
    throw new Error(`Not a valid PNG text keyword: ${JSON.stringify(keyword)}.`);
  }
  const key = Buffer.from(keyword, "latin1");
  // tEXt is Latin-1 by the spec, but many readers (libvips among them) decode it as UTF-8, so
  // only ASCII, which both agree on, goes there; A1111's own reader takes either chunk.
  if (!international && /^[\x01-\x7f]*$/.test(text)) {
    return chunk("tEXt", Buffer.concat([key, Buffer.from([0]), Buffer.from(text, "latin1")]));
  }
  // keyword NUL, not compressed, method 0, no language tag NUL, no translated keyword NUL, text.
  const header = Buffer.from([0, 0, 0, 0, 0]);
  return chunk("iTXt", Buffer.concat([key, header, Buffer.from(text, "utf8")]));
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
