import "server-only";
import { pulledStream } from "@/lib/server/http/pulled-stream";
import { dataUrlLength, dataUrlPrefix, type InputImage, type InputImages } from "./input-images";

/** A provider request as bytes to send: its exact length, and a fresh stream for every try. */
export interface RequestBody {
  length: number;
  /** Plain JSON when the request names no stored input; otherwise a stream that reads them. */
  open(): string | ReadableStream<Uint8Array>;
}

/**
 * The request's JSON with each stand-in (input-images.ts) replaced by the input's data URL, base64
 * encoded as it is read: a job holds one read chunk of each input at a time, never the whole image.
 */
export function requestBody(request: object, inputs?: InputImages): RequestBody {
  const text = JSON.stringify(request);
  const references = inputs?.references.filter((reference) => text.includes(reference)) ?? [];
  if (!inputs || references.length === 0) return { length: Buffer.byteLength(text), open: () => text };
  // Stand-ins are base64 and "data:" text only, so they appear in the JSON exactly as written.
  const pieces: Array<string | InputImage> = text
    .split(new RegExp(`(${references.map(escapeRegExp).join("|")})`))
    .map((piece) => inputs.get(piece) ?? piece);
  const length = pieces.reduce((total, piece) => total + (typeof piece === "string" ? Buffer.byteLength(piece) : dataUrlLength(piece)), 0);
  return { length, open: () => pulledStream(bodyChunks(pieces)) };
}

async function* bodyChunks(pieces: ReadonlyArray<string | InputImage>): AsyncGenerator<Uint8Array, void, undefined> {
  for (const piece of pieces) {
    if (typeof piece === "string") {
      if (piece.length > 0) yield Buffer.from(piece);
      continue;
    }
    yield Buffer.from(dataUrlPrefix(piece.mime));
    yield* base64Chunks(await piece.open(), piece.size);
  }
}

/** Base64 of a stream, chunk by chunk: bytes that do not fill a 3-byte group wait for the next chunk. */
async function* base64Chunks(stream: AsyncIterable<Buffer>, expectedSize: number): AsyncGenerator<Uint8Array> {
  let carry = Buffer.alloc(0);
  let read = 0;
  for await (const chunk of stream) {
    read += chunk.length;
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const whole = bytes.length - (bytes.length % 3);
    if (whole > 0) yield Buffer.from(bytes.toString("base64", 0, whole));
    carry = Buffer.from(bytes.subarray(whole));
  }
  // The body's length was promised up front; a stored image that changed size would break it mid-send.
  if (read !== expectedSize) throw new Error(`An input image is ${read} bytes, not the ${expectedSize} recorded.`);
  if (carry.length > 0) yield Buffer.from(carry.toString("base64"));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
