import { afterEach, describe, expect, it } from "vitest";
import { downloadFile } from "@/lib/server/export/download-file";
import { piecesStream } from "@/lib/server/export/pieces-stream";
import { png, useTempStore } from "./support/store-fixtures";

/**
 * A download is sent as pieces of the stored original with the metadata between them, in slices
 * as the client reads: the original is held once, never copied whole for the response.
 */
const A = "visitor-a-download-str0";
const stores = useTempStore();
afterEach(() => stores.cleanup());

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer; largestChunk: number }> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
  return { bytes: Buffer.concat(chunks), largestChunk: Math.max(...chunks.map((chunk) => chunk.byteLength)) };
}

describe("a download", () => {
  it("streams the same file the metadata writer makes, in slices of at most 64 kB, sharing the original's memory", async () => {
    const store = await stores.open(await stores.dataDir());
    const image = await store.images.save({ visitorId: A, origin: "upload", fileName: "big.png", ...(await png(1024, 768, 3)) });
    const file = (await downloadFile(store, A, image.id))!;
    expect(file.size).toBe(file.bytes.length);

    const original = (await store.images.read(A, image.id))!;
    expect(file.size).toBeGreaterThan(original.length);
    // The largest piece is a view of the stored bytes as read, not a copy of them.
    const largest = file.pieces.reduce((a, b) => (b.length > a.length ? b : a));
    expect(largest.length).toBeGreaterThan(original.length / 2);
    expect(file.pieces.filter((piece) => piece.buffer === largest.buffer).length).toBeGreaterThanOrEqual(2);

    const sent = await readAll(piecesStream(file.pieces));
    expect(sent.bytes.equals(file.bytes)).toBe(true);
    expect(sent.largestChunk).toBeLessThanOrEqual(64 * 1024);
  });

  it("answers a missing or someone else's image with nothing", async () => {
    const store = await stores.open(await stores.dataDir());
    const image = await store.images.save({ visitorId: A, origin: "upload", ...(await png(64, 48, 1)) });
    expect(await downloadFile(store, "visitor-b-download-str0", image.id)).toBeNull();
  });
});
