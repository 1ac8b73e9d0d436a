import "server-only";
/** A run of bytes in a file: a PNG chunk, a JPEG segment, a RIFF chunk. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * `bytes` with `inserted` at `at` and the `removed` ranges left out; every other byte is copied
 * as it is, which is what lets the tests prove the pixels were never touched.
 */
export function splice(bytes: Buffer, at: number, inserted: readonly Buffer[], removed: readonly ByteRange[]): Buffer {
  return Buffer.concat(splicePieces(bytes, at, inserted, removed));
}

/** The same file as pieces: views of `bytes` between the new ones, so nothing large is copied. */
export function splicePieces(bytes: Buffer, at: number, inserted: readonly Buffer[], removed: readonly ByteRange[]): Buffer[] {
  const pieces = [bytes.subarray(0, at), ...inserted];
  let copiedUpTo = at;
  for (const range of [...removed].sort((a, b) => a.start - b.start)) {
    if (range.start < copiedUpTo) throw new Error("A removed range overlaps the insertion point or another range.");
    pieces.push(bytes.subarray(copiedUpTo, range.start));
    copiedUpTo = range.end;
  }
  pieces.push(bytes.subarray(copiedUpTo));
  return pieces;
}
