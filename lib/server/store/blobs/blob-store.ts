import "server-only";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";

/**
 * Where image bytes live: a folder on disk (disk.ts) or an S3 bucket (s3.ts), both keyed by the
 * bytes' SHA-256 so equal bytes are kept once, each original with its thumbnail beside it.
 * Nothing here knows about visitors: callers only reach a blob through a row they may read.
 */
export type BlobVariant = "original" | "thumbnail";

export interface OpenedBlob {
  stream: Readable;
  size: number;
}

/** One stored blob read in parts: a download that writes metadata into a file reads its header alone. */
export interface BlobReader {
  size: number;
  /** The bytes from `start` up to `end` (exclusive); fewer only where the blob ends first. */
  read(start: number, end: number): Promise<Buffer>;
  /** The same range as a stream, for sending on. */
  stream(start: number, end: number): Readable;
  close(): Promise<void>;
}

export interface BlobStore {
  /** Writes atomically; an existing blob with the same key and size is reused as it is. */
  put(variant: BlobVariant, key: string, bytes: Buffer): Promise<void>;
  has(variant: BlobVariant, key: string): Promise<boolean>;
  open(variant: BlobVariant, key: string): Promise<OpenedBlob | null>;
  read(variant: BlobVariant, key: string): Promise<Buffer | null>;
  reader(variant: BlobVariant, key: string): Promise<BlobReader | null>;
  /** Removes the original and its thumbnail; a missing one is not an error. */
  remove(key: string): Promise<void>;
}

/** Anything but a SHA-256 in hex could climb out of the data dir or the bucket's prefix. */
export const BLOB_KEY = /^[0-9a-f]{64}$/;

/**
 * Keys of buffers already hashed. A job's output is hashed when it is written ahead of its check and
 * again when its row is stored (1.4 ms per 2 MB, on the path to the person's result):
 * the same Buffer object, never written to after its download, has the same key.
 */
const hashed = new WeakMap<Buffer, string>();

export function blobKeyFor(bytes: Buffer): string {
  let key = hashed.get(bytes);
  if (key === undefined) {
    key = createHash("sha256").update(bytes).digest("hex");
    hashed.set(bytes, key);
  }
  return key;
}
