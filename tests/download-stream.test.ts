import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { downloadFile } from "@/lib/server/export/download-file";
import { pieceLength } from "@/lib/server/export/metadata/splice";
import { png, useTempStore } from "./support/store-fixtures";
import { storeKinds } from "./support/store-kinds";

/**
 * A download is the stored original with metadata between its parts: the metadata is new bytes,
 * everything else is ranges of the original streamed from disk or the bucket as the client reads,
 * so the original is never held whole, however large.
 */
const A = "visitor-a-download-str0";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer; largestChunk: number }> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
  return { bytes: Buffer.concat(chunks), largestChunk: Math.max(...chunks.map((chunk) => chunk.byteLength)) };
}

/** Noise compresses badly: a PNG of megabytes in a few hundred 8 kB IDAT chunks, as a photo would be. */
async function noisyPng(side: number) {
  const bytes = await sharp({ create: { width: side, height: side, channels: 3, background: "#000", noise: { type: "gaussian", mean: 128, sigma: 60 } } })
    .png()
    .toBuffer();
  return { bytes, mime: "image/png" as const, width: side, height: side };
}

describe.each(storeKinds)("a download on %s", (kind) => {
  const stores = useTempStore(kind);
  afterEach(() => stores.cleanup());

  it("streams the original's bytes as ranges around the metadata, in slices of at most 64 kB", async () => {
    const store = await stores.open(await stores.dataDir());
    const picture = await noisyPng(1024);
    const image = await store.images.save({ visitorId: A, origin: "upload", fileName: "big.png", ...picture });
    const file = (await downloadFile(store, A, image.id))!;

    // Only the metadata is new bytes; the original's megabytes stay where they are stored until sent.
    const added = file.pieces.filter((piece) => Buffer.isBuffer(piece));
    expect(added.reduce((total, piece) => total + pieceLength(piece), 0)).toBeLessThan(8 * 1024);
    expect(file.pieces.filter((piece) => !Buffer.isBuffer(piece)).reduce((total, piece) => total + pieceLength(piece), 0)).toBe(picture.bytes.length);
    expect(file.size).toBeGreaterThan(picture.bytes.length);

    const sent = await readAll(file.stream());
    expect(sent.bytes.length).toBe(file.size);
    expect(sent.largestChunk).toBeLessThanOrEqual(64 * 1024);
    // The pixels are the original's: the metadata went in between its chunks, nothing else changed.
    const [before, after] = await Promise.all([sharp(picture.bytes).raw().toBuffer(), sharp(sent.bytes).raw().toBuffer()]);
    expect(after.equals(before)).toBe(true);
    expect((await sharp(sent.bytes).metadata()).comments?.[0]?.keyword).toBe("Title");
  });

  it("answers a missing or someone else's image with nothing", async () => {
    const store = await stores.open(await stores.dataDir());
    const image = await store.images.save({ visitorId: A, origin: "upload", ...(await png(64, 48, 1)) });
    expect(await downloadFile(store, "visitor-b-download-str0", image.id)).toBeNull();
  });
});
