import "server-only";
import { Zip, ZipPassThrough } from "fflate";
import { pulledStream } from "@/lib/server/http/pulled-stream";

export interface ZipEntry {
  path: string;
  modifiedAt: Date;
  /** Read only when the reader of the zip has taken everything before it. */
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/**
 * A zip written as it is read: each `pull` takes one step (the next chunk of the current entry,
 * or the next entry), so a session of gigabytes never sits in memory, and a reader who stops
 * reading stops the disk reads too. Entries are stored, not deflated: PNG, JPEG and WebP are
 * compressed already, and deflating them again costs CPU for nothing.
 *
 * fflate writes each entry's CRC and size in a data descriptor after its bytes, which every unzip
 * tool reads; it does not write Zip64, so callers keep an archive under 4 GiB and 65,535 entries.
 */
export function zipStream(entries: AsyncIterable<ZipEntry>): ReadableStream<Uint8Array> {
  // Nothing is read ahead of the consumer: the next step runs only when it asks.
  return pulledStream(zipChunks(entries));
}

async function* zipChunks(entries: AsyncIterable<ZipEntry>): AsyncGenerator<Uint8Array, void, undefined> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else if (chunk.length > 0) ready.push(chunk);
  });
  // fflate hands over output synchronously while one entry at a time is open, as here.
  function* drain(): Generator<Uint8Array> {
    if (failure) throw failure;
    while (ready.length > 0) yield ready.shift()!;
  }

  for await (const entry of entries) {
    const file = new ZipPassThrough(entry.path);
    file.mtime = entry.modifiedAt;
    zip.add(file);
    for await (const chunk of entry.chunks) {
      file.push(chunk);
      yield* drain();
    }
    file.push(new Uint8Array(0), true);
    yield* drain();
  }
  zip.end();
  yield* drain();
}
