import { unzipSync } from "fflate";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { downloadFile } from "@/lib/server/export/download-file";
import { exportSession } from "@/lib/server/export/session-export";
import { lineageDocument } from "@/lib/shared/lineage/document";
import { SEEDREAM_4_5_MODEL } from "@/lib/shared/seedream/limits";
import { png, useTempStore } from "./support/store-fixtures";

const stores = useTempStore();
afterEach(() => stores.cleanup());

const A = "visitor-a";

describe("a newer model's results, exported and downloaded", () => {
  it("record the model, its own parameters and each image's own seed", async () => {
    const store = await stores.open(await stores.dataDir());
    const parameters = { image_size: "2K" as const, num_images: 2, watermark: true };
    const generation = await store.generations.create({ visitorId: A, model: SEEDREAM_4_5_MODEL, prompt: "two kites", parameters, inputImageIds: [] });
    await store.runs.markRunning(generation.id);
    await store.runs.complete(generation.id, {
      outputs: [await png(80, 60, 1), await png(80, 60, 2)],
      seed: 100,
      outputSeeds: [100, 101],
      creditsUsed: 168_000,
    });
    const { outputs } = (await store.generations.withOutputs(A, generation.id))!;
    expect(outputs.map((output) => output.seed)).toEqual([100, 101]);

    const file = await downloadFile(store, A, outputs[1]!.id);
    const [comment] = (await sharp(await file!.bytes()).metadata()).comments ?? [];
    expect(comment?.text).toBe(`two kites\nSeed: 101, Size: 80x60, Model: ${SEEDREAM_4_5_MODEL}`);

    const result = await exportSession(store, A, new Date(2026, 11, 6));
    if (!result.ok) throw new Error(result.error.message);
    const chunks: Uint8Array[] = [];
    const reader = result.stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    const files = unzipSync(Buffer.concat(chunks));
    const document = lineageDocument.parse(JSON.parse(Buffer.from(files["lineage.json"]!).toString("utf8")));
    expect(document.generations).toEqual([
      expect.objectContaining({ model: SEEDREAM_4_5_MODEL, parameters, seed: 100, creditsUsed: 168_000 }),
    ]);
  });
});
