import "server-only";
/** A run of bytes in a file: a PNG chunk, a JPEG segment, a RIFF chunk. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A file to send: new bytes (metadata) between ranges of the stored original, which is never held whole. */
export type FilePiece = Buffer | ByteRange;

export function pieceLength(piece: FilePiece): number {
  return Buffer.isBuffer(piece) ? piece.length : piece.end - piece.start;
}

/**
 * A file of `size` bytes with `inserted` at `at` and the `removed` ranges left out; every other
 * byte is the original's, as it is, which is what lets the tests prove the pixels were never touched.
 */
export function splicePieces(size: number, at: number, inserted: readonly Buffer[], removed: readonly ByteRange[]): FilePiece[] {
  const pieces: FilePiece[] = [{ start: 0, end: at }, ...inserted];
  let copiedUpTo = at;
  for (const range of [...removed].sort((a, b) => a.start - b.start)) {
    if (range.start < copiedUpTo) throw new Error("A removed range overlaps the insertion point or another range.");
    pieces.push({ start: copiedUpTo, end: range.start });
    copiedUpTo = range.end;
  }
  pieces.push({ start: copiedUpTo, end: size });
  return pieces.filter((piece) => pieceLength(piece) > 0);
}
