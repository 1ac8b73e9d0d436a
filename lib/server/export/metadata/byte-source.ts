import "server-only";

/**
 * A file read in parts: the stored original on disk or in a bucket (BlobReader), or bytes in
 * memory. Writing metadata into a file needs its chunk headers, not its pixels, so only those are read.
 */
export interface ByteSource {
  size: number;
  /** The bytes from `start` up to `end` (exclusive); fewer only where the file ends first. */
  read(start: number, end: number): Promise<Buffer>;
}

export function bufferSource(bytes: Buffer): ByteSource {
  return { size: bytes.length, read: async (start, end) => bytes.subarray(start, Math.min(end, bytes.length)) };
}

/**
 * Reads ahead in blocks: walking a PNG's chunk headers (one every 8 kB in libvips' files) then
 * costs one read per block, not one per header.
 */
export function readAhead(source: ByteSource, blockBytes = 256 * 1024): ByteSource {
  let block: { start: number; bytes: Buffer } = { start: 0, bytes: Buffer.alloc(0) };
  return {
    size: source.size,
    async read(start, end) {
      const last = Math.min(end, source.size);
      if (start >= block.start && last <= block.start + block.bytes.length) {
        return block.bytes.subarray(start - block.start, last - block.start);
      }
      block = { start, bytes: await source.read(start, Math.max(last, start + blockBytes)) };
      return block.bytes.subarray(0, Math.max(0, last - start));
    },
  };
}
