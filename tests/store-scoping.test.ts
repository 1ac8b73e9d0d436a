import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { png, SETTINGS, useTempStore } from "./support/store-fixtures";
import { storeKinds } from "./support/store-kinds";


const A = "visitor-a";
const B = "visitor-b";
const EDIT = "bytedance/seedream-v4-edit";

describe.each(storeKinds)("store visitor scoping on %s", (kind) => {
  const stores = useTempStore(kind);
  afterEach(() => stores.cleanup());

  it("answer another visitor's ids exactly as missing ones, and change nothing", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const upload = await store.images.save({ visitorId: A, origin: "upload", ...(await png(128, 128, 1)) });
    const generation = await store.generations.create({
      visitorId: A,
      model: EDIT,
      prompt: "A's job",
      parameters: SETTINGS,
      inputImageIds: [upload.id],
    });
    await store.visitors.ensure(B);

    for (const [visitor, imageId, generationId] of [
      [B, upload.id, generation.id],
      [B, "missing-image", "missing-generation"],
    ] as const) {
      expect(await store.images.get(visitor, imageId)).toBeNull();
      expect(await store.images.open(visitor, imageId, "original")).toBeNull();
      expect(await store.images.open(visitor, imageId, "thumbnail")).toBeNull();
      expect(await store.images.read(visitor, imageId)).toBeNull();
      expect(await store.lineage.family(visitor, imageId)).toBeNull();
      expect(await store.lineage.chain(visitor, imageId, 10)).toBeNull();
      expect(await store.images.delete(visitor, imageId)).toBe(false);
      expect(await store.generations.get(visitor, generationId)).toBeNull();
      expect(await store.generations.withOutputs(visitor, generationId)).toBeNull();
      expect(await store.generations.cancel(visitor, generationId)).toBe(false);
      expect(await store.generations.dismiss(visitor, generationId)).toBe(false);
    }
    expect((await store.gallery.list(B)).items).toEqual([]);

    const refineWith = (imageId: string) =>
      store.generations.create({ visitorId: B, model: EDIT, prompt: "steal", parameters: SETTINGS, inputImageIds: [imageId] });
    const foreign = await refineWith(upload.id).catch((error: unknown) => error);
    const missing = await refineWith("missing-image").catch((error: unknown) => error);
    expect(foreign).toMatchObject({ name: "StoreError", code: "not_found" });
    expect(foreign).toEqual(missing);

    const retryOf = (id: string) =>
      store.generations.create({ visitorId: B, model: EDIT, prompt: "r", parameters: SETTINGS, inputImageIds: [], retryOf: id });
    await expect(retryOf(generation.id)).rejects.toMatchObject({ code: "not_found" });

    const output = { visitorId: B, origin: "output", generationId: generation.id, outputIndex: 0 } as const;
    await expect(store.images.save({ ...output, ...(await png(64, 64, 2)) })).rejects.toMatchObject({ code: "not_found" });

    // A still has everything, untouched, and B's failed attempts left no files behind.
    expect(await store.images.get(A, upload.id)).toEqual(upload);
    expect(await store.generations.get(A, generation.id)).toEqual(generation);
    expect((await store.gallery.list(A)).items).toHaveLength(2);
    expect(await (await stores.files(dataDir)).list("blobs")).toHaveLength(1);
  });
});
