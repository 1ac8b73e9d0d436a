import "server-only";
import { pulledStream } from "@/lib/server/http/pulled-stream";
import type { BlobReader } from "@/lib/server/store/blobs/blob-store";
import type { FilePiece } from "./metadata/splice";

/** Sent in slices as the client reads, so a slow download holds no second copy in a send buffer. */
const SLICE_BYTES = 64 * 1024;

/**
 * A response body from a file's pieces (download-file.ts): new bytes in slices, the original's
 * ranges streamed from where it is stored (64 kB reads), one step each time the client asks.
 * The original is closed once the file is sent or the client stops reading.
 */
export function piecesStream(pieces: readonly FilePiece[], original: BlobReader): ReadableStream<Uint8Array> {
  return pulledStream(fileChunks(pieces, original));
}

async function* fileChunks(pieces: readonly FilePiece[], original: BlobReader): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for (const piece of pieces) {
      if (Buffer.isBuffer(piece)) {
        for (let offset = 0; offset < piece.length; offset += SLICE_BYTES) yield piece.subarray(offset, offset + SLICE_BYTES);
        continue;
      }
      for await (const chunk of original.stream(piece.start, piece.end)) yield chunk as Buffer;
    }
  } finally {
    await original.close();
  }
}
