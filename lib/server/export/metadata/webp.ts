import "server-only";
import { bufferSource, type ByteSource } from "./byte-source";
import { pieceLength, type ByteRange, type FilePiece } from "./splice";

/**
 * An XMP packet written into a WebP as an "XMP " chunk (Google's WebP container spec, "Extended
 * File Format"), without touching the bitstream. A simple file (one VP8 or VP8L chunk) gains the
 * VP8X header that announces metadata; an extended one gets its XMP flag set. Written here for the
 * same reasons as png.ts: no maintained npm package writes WebP metadata without re-encoding.
 */

const VP8X_XMP_FLAG = 0x04;
const VP8X_ALPHA_FLAG = 0x10;

/** Enough of a chunk's data for a VP8X header or a bitstream's own header. */
const HEAD_BYTES = 32;

/** `end` includes the pad byte that keeps chunks at even offsets. */
interface Chunk extends ByteRange {
  fourcc: string;
  /** The first bytes of the chunk's data (at most HEAD_BYTES). */
  head: Buffer;
}

/**
 * The WebP with the packet as its last chunk, as pieces (splice.ts): ranges of the original for
 * the chunks kept, new buffers for the headers. Any XMP chunk already there is left out: a file
 * carries one packet.
 */
export async function webpXmpPieces(webp: ByteSource, xmp: string): Promise<FilePiece[]> {
  const chunks = await webpChunks(webp);
  const first = chunks[0];
  if (!first) throw new Error("Not a WebP: it has no chunks.");
  const body: FilePiece[] = chunks.filter((chunk) => chunk.fourcc !== "XMP ").map(({ start, end }) => ({ start, end }));
  if (first.fourcc === "VP8X") {
    const header = Buffer.from(await webp.read(first.start, first.end));
    header[8] = (header[8] ?? 0) | VP8X_XMP_FLAG;
    body[0] = header;
  } else {
    body.unshift(extendedHeader(first));
  }
  body.push(riffChunk("XMP ", Buffer.from(xmp, "utf8")));
  const size = body.reduce((total, piece) => total + pieceLength(piece), 4);
  const riff = Buffer.alloc(12);
  riff.write("RIFF", 0, "latin1");
  riff.writeUInt32LE(size, 4);
  riff.write("WEBP", 8, "latin1");
  return [riff, ...body];
}

/**
 * The chunks inside the RIFF's declared size. Bytes past it are not part of the file, and would
 * read as chunks once the size grows, so they are left out.
 */
export async function webpChunks(file: ByteSource | Buffer): Promise<Chunk[]> {
  const webp = Buffer.isBuffer(file) ? bufferSource(file) : file;
  const riff = await webp.read(0, 12);
  if (riff.length < 12 || riff.toString("latin1", 0, 4) !== "RIFF" || riff.toString("latin1", 8, 12) !== "WEBP") {
    throw new Error("Not a WebP: the RIFF header is missing.");
  }
  const riffEnd = Math.min(webp.size, 8 + riff.readUInt32LE(4));
  const chunks: Chunk[] = [];
  let offset = 12;
  while (offset + 8 <= riffEnd) {
    const header = await webp.read(offset, offset + 8);
    const size = header.readUInt32LE(4);
    const dataEnd = offset + 8 + size;
    if (dataEnd > riffEnd) throw new Error("Not a WebP: a chunk runs past the end of the file.");
    const end = Math.min(riffEnd, dataEnd + (size % 2));
    const head = Buffer.from(await webp.read(offset + 8, Math.min(dataEnd, offset + 8 + HEAD_BYTES)));
    chunks.push({ fourcc: header.toString("latin1", 0, 4), start: offset, end, head });
    offset = end;
  }
  return chunks;
}

/** A VP8X chunk for a simple file: its canvas and alpha come from the bitstream's own header. */
function extendedHeader(image: Chunk): Buffer {
  const { width, height, alpha } = bitstreamHeader(image);
  const data = Buffer.alloc(10);
  data[0] = VP8X_XMP_FLAG | (alpha ? VP8X_ALPHA_FLAG : 0);
  data.writeUIntLE(width - 1, 4, 3);
  data.writeUIntLE(height - 1, 7, 3);
  return riffChunk("VP8X", data);
}

function bitstreamHeader({ fourcc, head: data }: Chunk): { width: number; height: number; alpha: boolean } {
  if (fourcc === "VP8L" && data.length >= 5 && data[0] === 0x2f) {
    // 14 bits width − 1, 14 bits height − 1, then alpha_is_used (WebP lossless spec §3).
    const bits = data.readUInt32LE(1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
  }
  if (fourcc === "VP8 " && data.length >= 10 && data[3] === 0x9d && data[4] === 0x01 && data[5] === 0x2a) {
    // A key frame's start code, then 14-bit width and height with 2 bits of scaling each (RFC 6386 §9.1).
    return { width: data.readUInt16LE(6) & 0x3fff, height: data.readUInt16LE(8) & 0x3fff, alpha: false };
  }
  throw new Error(`Not a WebP: a simple file cannot start with ${JSON.stringify(fourcc)}.`);
}

function riffChunk(fourcc: string, data: Buffer): Buffer {
  const out = Buffer.alloc(8 + data.length + (data.length % 2));
  out.write(fourcc, 0, "latin1");
  out.writeUInt32LE(data.length, 4);
  data.copy(out, 8);
  return out;
}
