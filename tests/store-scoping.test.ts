import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { filesUnder, png, SETTINGS, useTempStore } from "./support/store-fixtures";

const stores = useTempStore();
afterEach(() => stores.cleanup());

const A = "visitor-a";
const B = "visitor-b";
const EDIT = "bytedance/seedream-v4-edit";

describe("store visitor scoping", () => {
  it("answer another visitor's ids exactly as missing ones, and change nothing", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const upload = await store.saveImage({ visitorId: A, origin: "upload", ...(await png(128, 128, 1)) });
    const generation = await store.createGeneration({
      visitorId: A,
      model: EDIT,
      prompt: "A's job",
      parameters: SETTINGS,
      inputImageIds: [upload.id],
    });
    await store.ensureVisitor(B);

    for (const [visitor, imageId, generationId] of [
      [B, upload.id, generation.id],
      [B, "missing-image", "missing-generation"],
    ] as const) {
      expect(await store.getImage(visitor, imageId)).toBeNull();
      expect(await store.openImageBytes(visitor, imageId, "original")).toBeNull();
      expect(await store.openImageBytes(visitor, imageId, "thumbnail")).toBeNull();
      expect(await store.readImageBytes(visitor, imageId)).toBeNull();
      expect(await store.getLineage(visitor, imageId)).toBeNull();
      expect(await store.deleteImage(visitor, imageId)).toBe(false);
      expect(await store.getGeneration(visitor, generationId)).toBeNull();
      expect(await store.getGenerationWithOutputs(visitor, generationId)).toBeNull();
      expect(await store.cancelGeneration(visitor, generationId)).toBe(false);
      expect(await store.deleteGeneration(visitor, generationId)).toBe(false);
    }
    expect((await store.listGallery(B)).items).toEqual([]);

    const refineWith = (imageId: string) =>
      store.createGeneration({ visitorId: B, model: EDIT, prompt: "steal", parameters: SETTINGS, inputImageIds: [imageId] });
    const foreign = await refineWith(upload.id).catch((error: unknown) => error);
    const missing = await refineWith("missing-image").catch((error: unknown) => error);
    expect(foreign).toMatchObject({ name: "StoreError", code: "not_found" });
    expect(foreign).toEqual(missing);

    const retryOf = (id: string) =>
      store.createGeneration({ visitorId: B, model: EDIT, prompt: "r", parameters: SETTINGS, inputImageIds: [], retryOf: id });
    await expect(retryOf(generation.id)).rejects.toMatchObject({ code: "not_found" });

    const output = { visitorId: B, origin: "output", generationId: generation.id, outputIndex: 0 } as const;
    await expect(store.saveImage({ ...output, ...(await png(64, 64, 2)) })).rejects.toMatchObject({ code: "not_found" });

    // A still has everything, untouched, and B's failed attempts left no files behind.
    expect(await store.getImage(A, upload.id)).toEqual(upload);
    expect(await store.getGeneration(A, generation.id)).toEqual(generation);
    expect((await store.listGallery(A)).items).toHaveLength(2);
    expect(await filesUnder(join(dataDir, "blobs"))).toHaveLength(1);
  });
});
