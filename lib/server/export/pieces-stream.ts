import "server-only";

/** Sent in slices as the client reads, so a slow download holds no second copy in a send buffer. */
const SLICE_BYTES = 64 * 1024;

/** A response body from a file's pieces (download-file.ts), read in slices as the client asks. */
export function piecesStream(pieces: readonly Buffer[]): ReadableStream<Uint8Array> {
  let piece = 0;
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      while (piece < pieces.length && offset >= pieces[piece]!.length) {
        piece += 1;
        offset = 0;
      }
      const current = pieces[piece];
      if (!current) {
        controller.close();
        return;
      }
      const slice = current.subarray(offset, offset + SLICE_BYTES);
      offset += slice.length;
      controller.enqueue(new Uint8Array(slice.buffer, slice.byteOffset, slice.byteLength));
    },
  });
}
