import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { exportSession } from "@/lib/server/export/session-export";
import { lineageDocument, type LineageDocument } from "@/lib/shared/lineage/document";
import type { ImageBytes, OpenedImage, Store } from "@/lib/server/store";
import { png, SETTINGS, streamToBuffer, useTempStore } from "./support/store-fixtures";

const stores = useTempStore();
afterEach(() => stores.cleanup());

const A = "visitor-a";
const B = "visitor-b";
const TEXT = "bytedance/seedream-v4-text-to-image";
const EDIT = "bytedance/seedream-v4-edit";
const NOV_23 = new Date(2026, 10, 23, 12, 0, 0);

async function finished(store: Store, visitorId: string, prompt: string, inputImageIds: string[], outputs: ImageBytes[], seed: number) {
  const model = inputImageIds.length > 0 ? EDIT : TEXT;
  const generation = await store.generations.create({ visitorId, model, prompt, parameters: SETTINGS, inputImageIds });
  await store.runs.markRunning(generation.id);
  await store.runs.complete(generation.id, { outputs, seed, creditsUsed: 63_000 });
  return (await store.generations.withOutputs(visitorId, generation.id))!;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return Buffer.concat(chunks);
}

async function exported(store: Store, visitorId: string) {
  const result = await exportSession(store, visitorId, NOV_23);
  if (!result.ok) throw new Error(result.error.message);
  const files = unzipSync(await readAll(result.stream));
  const document: LineageDocument = lineageDocument.parse(JSON.parse(Buffer.from(files["lineage.json"]!).toString("utf8")));
  return { fileName: result.fileName, files, document };
}

/** The image route streams the stored original; this is what it would send. */
async function servedBytes(store: Store, visitorId: string, imageId: string): Promise<Buffer> {
  const opened = await store.images.open(visitorId, imageId, "original");
  return streamToBuffer(opened!.stream);
}

/** Incompressible pixels, so each PNG is about `megabytes` MB on disk. */
async function noisePng(megabytes: number): Promise<ImageBytes> {
  const side = Math.round(Math.sqrt((megabytes * 1024 * 1024) / 3));
  const noise = { type: "gaussian", mean: 128, sigma: 60 } as const;
  const bytes = await sharp({ create: { width: side, height: side, channels: 3, background: "black", noise } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  return { bytes, mime: "image/png", width: side, height: side };
}

describe("session export", () => {
  it("zips every readable image byte for byte with a lineage.json that rebuilds the graph", async () => {
    const store = await stores.open(await stores.dataDir());
    const harbour = await store.images.save({ visitorId: A, origin: "upload", fileName: "harbour.png", ...(await png(64, 64, 1)) });
    const sketch = await store.images.save({ visitorId: A, origin: "upload", ...(await png(64, 64, 2)) });
    const first = await finished(store, A, "Two boats", [], [await png(96, 96, 3), await png(96, 96, 4)], 11);
    const [boatA, boatB] = first.outputs;
    // sketch is deleted but an edit still names it: it stays readable, and in the export.
    const edit = await finished(store, A, "Paint the boat red", [boatA!.id, harbour.id, sketch.id, harbour.id], [await png(96, 96, 5)], 22);
    await store.images.delete(A, sketch.id);
    // boatB is deleted and used by nothing: gone from the export.
    await store.images.delete(A, boatB!.id);
    const failed = await store.generations.create({ visitorId: A, model: EDIT, prompt: "Fail", parameters: SETTINGS, inputImageIds: [harbour.id] });
    await store.runs.markRunning(failed.id);
    await store.runs.fail(failed.id, { code: "safety_rejected", message: "Refused." });
    const retry = await store.generations.create({ visitorId: A, model: EDIT, prompt: "Fail", parameters: SETTINGS, inputImageIds: [harbour.id], retryOf: failed.id });
    // A dismissed generation whose output a live edit still uses is kept, marked deleted.
    const dismissed = await finished(store, A, "A lighthouse", [], [await png(96, 96, 6)], 33);
    const after = await finished(store, A, "Add fog", [dismissed.outputs[0]!.id], [await png(96, 96, 7)], 44);
    await store.generations.dismiss(A, dismissed.generation.id);
    const elsewhere = await store.images.save({ visitorId: B, origin: "upload", ...(await png(64, 64, 8)) });
    await finished(store, B, "Not yours", [elsewhere.id], [await png(96, 96, 9)], 55);

    const { fileName, files, document } = await exported(store, A);
    expect(fileName).toBe("seedream-session-2026-11-23.zip");

    const readable = [harbour, sketch, boatA!, edit.outputs[0]!, dismissed.outputs[0]!, after.outputs[0]!];
    const ids = readable.map((image) => image.id);
    expect(document.images.map((image) => image.id)).toEqual(ids);
    const pathOf = (id: string) => document.images.find((image) => image.id === id)!.path;
    expect(Object.keys(files).sort()).toEqual([...ids.map(pathOf), "lineage.json"].sort());
    // Named like single downloads: an upload by its own name, a result by date, prompt, seed and place.
    const day = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);
    expect(pathOf(harbour.id)).toBe(`images/upload-harbour-${harbour.id.slice(-8)}.png`);
    const red = edit.outputs[0]!;
    expect(pathOf(red.id)).toBe(`images/seedream-${day(red.createdAt)}-paint-the-boat-red-seed-22-1-${red.id.slice(-8)}.png`);
    expect(new Set(ids.map(pathOf)).size).toBe(ids.length);
    for (const id of ids) {
      const zipped = Buffer.from(files[pathOf(id)]!);
      expect(zipped.equals(await servedBytes(store, A, id))).toBe(true);
      expect(createHash("sha256").update(zipped).digest("hex")).toBe(document.images.find((image) => image.id === id)?.sha256);
    }

    for (const image of document.images) {
      const row = (await store.images.get(A, image.id))!;
      expect(image).toEqual({
        id: row.id, path: pathOf(row.id), origin: row.origin, generationId: row.generationId, outputIndex: row.outputIndex,
        fileName: row.fileName, mime: row.mime, width: row.width, height: row.height, bytes: row.bytes, sha256: row.sha256,
        seed: row.seed, createdAt: row.createdAt, deletedAt: row.deletedAt,
      });
    }
    expect(document.images.find((image) => image.id === sketch.id)?.deletedAt).toEqual(expect.any(Number));
    expect(document.images.find((image) => image.id === harbour.id)?.fileName).toBe("harbour.png");

    expect(document.generations.map((generation) => [generation.id, generation.status, generation.deletedAt !== null])).toEqual([
      [first.generation.id, "succeeded", false],
      [edit.generation.id, "succeeded", false],
      [failed.id, "failed", false],
      [retry.id, "queued", false],
      [dismissed.generation.id, "succeeded", true],
      [after.generation.id, "succeeded", false],
    ]);
    const editEntry = document.generations[1]!;
    expect(editEntry).toMatchObject({
      model: EDIT, prompt: "Paint the boat red", parameters: SETTINGS, seed: 22, creditsUsed: 63_000,
      inputImageIds: [boatA!.id, harbour.id, sketch.id, harbour.id], outputImageIds: [edit.outputs[0]!.id],
      retryOf: null, replayOf: null,
    });
    expect(document.generations[0]?.outputImageIds).toEqual([boatA!.id]);
    expect(document.generations[2]?.error).toEqual({ code: "safety_rejected", message: "Refused." });
    expect(document.generations[3]).toMatchObject({ retryOf: failed.id, inputImageIds: [harbour.id], outputImageIds: [] });

    const to = edit.outputs[0]!.id;
    expect(document.edges).toEqual([
      { from: boatA!.id, to, generationId: edit.generation.id, inputIndex: 0 },
      { from: harbour.id, to, generationId: edit.generation.id, inputIndex: 1 },
      { from: sketch.id, to, generationId: edit.generation.id, inputIndex: 2 },
      { from: harbour.id, to, generationId: edit.generation.id, inputIndex: 3 },
      { from: dismissed.outputs[0]!.id, to: after.outputs[0]!.id, generationId: after.generation.id, inputIndex: 0 },
    ]);

    const serialized = JSON.stringify(document);
    expect(serialized).not.toContain(B);
    expect(serialized).not.toContain(elsewhere.id);
    expect(serialized).not.toContain(A);
  });

  it("exports another visitor's session without a trace of the first", async () => {
    const store = await stores.open(await stores.dataDir());
    await store.images.save({ visitorId: A, origin: "upload", ...(await png(64, 64, 1)) });
    const theirs = await store.images.save({ visitorId: B, origin: "upload", ...(await png(64, 64, 2)) });
    const { files, document } = await exported(store, B);
    expect(Object.keys(files).sort()).toEqual([document.images[0]!.path, "lineage.json"]);
    expect(document.images[0]!.path).toMatch(new RegExp(`^images/upload-[a-z0-9-]+-${theirs.id.slice(-8)}\\.png$`));
    expect(document.generations).toEqual([]);
    const empty = await exported(store, "visitor-nobody");
    expect([Object.keys(empty.files), empty.document.images, empty.document.edges]).toEqual([["lineage.json"], [], []]);
  });

  it("refuses a manifest whose edges disagree with its generations", () => {
    const id = (n: number) => `01a2070f-0000-7000-8000-${String(n).padStart(12, "0")}`;
    const image = (n: number, generationId: string | null) => ({
      id: id(n), path: generationId ? `images/seedream-1970-01-01-p-1-${id(n).slice(-8)}.png` : `images/upload-1970-01-01-${id(n).slice(-8)}.png`, origin: generationId ? "output" : "upload", generationId, outputIndex: generationId ? 0 : null,
      fileName: null, mime: "image/png", width: 8, height: 8, bytes: 10, sha256: "a".repeat(64), seed: null, createdAt: 1, deletedAt: null,
    });
    const generation = {
      id: id(9), model: EDIT, prompt: "p", parameters: {}, inputImageIds: [id(1)], outputImageIds: [id(2)], status: "succeeded",
      error: null, seed: null, creditsUsed: null, createdAt: 1, startedAt: null, finishedAt: null, retryOf: null, replayOf: null,
      deletedAt: null,
    };
    const document = { version: 1, exportedAt: NOV_23.toISOString(), images: [image(1, null), image(2, id(9))], generations: [generation] };
    const edge = { from: id(1), to: id(2), generationId: id(9), inputIndex: 0 };
    expect(lineageDocument.safeParse({ ...document, edges: [edge] }).success).toBe(true);
    expect(lineageDocument.safeParse({ ...document, edges: [] }).success).toBe(false);
    expect(lineageDocument.safeParse({ ...document, edges: [{ ...edge, inputIndex: 1 }] }).success).toBe(false);
    expect(lineageDocument.safeParse({ ...document, edges: [edge], images: [image(1, null)] }).success).toBe(false);
    // A path that is not the image's own name is refused too.
    expect(lineageDocument.safeParse({ ...document, edges: [edge], images: [{ ...image(1, null), path: `images/${id(1)}.png` }, image(2, id(9))] }).success).toBe(false);
  });

  it("is pulled chunk by chunk: never more than one image ahead of its reader, and stops reading when cancelled", async () => {
    const store = await stores.open(await stores.dataDir());
    const megabyte = 1024 * 1024;
    for (let index = 0; index < 40; index += 1) await store.images.save({ visitorId: A, origin: "upload", ...(await noisePng(1)) });
    const opened: OpenedImage[] = [];
    const counting: Store = {
      ...store,
      images: {
        ...store.images,
        open: async (...args) => {
          const image = await store.images.open(...args);
          if (image) opened.push(image);
          return image;
        },
      },
    };

    const result = await exportSession(counting, A, NOV_23);
    if (!result.ok) throw new Error(result.error.message);
    const reader = result.stream.getReader();
    let received = 0;
    let reads = 0;
    let largestChunk = 0;
    let mostAhead = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      reads += 1;
      received += value.length;
      largestChunk = Math.max(largestChunk, value.length);
      // Images opened beyond those the reader has received in full.
      mostAhead = Math.max(mostAhead, opened.length - Math.floor(received / (1.01 * megabyte)));
      if (reads === 100) {
        const openedBefore = opened.length;
        for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
        expect(opened.length).toBe(openedBefore);
      }
    }
    expect(received).toBeGreaterThan(40 * megabyte);
    expect(opened).toHaveLength(40);
    expect(mostAhead).toBeLessThanOrEqual(2);
    expect(largestChunk).toBeLessThanOrEqual(128 * 1024);
    expect(reads).toBeGreaterThan(40 * 15);

    opened.length = 0;
    const again = await exportSession(counting, A, NOV_23);
    if (!again.ok) throw new Error(again.error.message);
    const early = again.stream.getReader();
    for (let step = 0; step < 3; step += 1) await early.read();
    await early.cancel();
    expect(opened).toHaveLength(1);
    expect(opened[0]?.stream.destroyed).toBe(true);
  });
});
