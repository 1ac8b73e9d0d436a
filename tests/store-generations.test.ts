import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "@/lib/server/store";
import { png, SETTINGS, useTempStore } from "./support/store-fixtures";
import { storeKinds } from "./support/store-kinds";


const A = "visitor-a";
const EDIT = "bytedance/seedream-v4-edit";
const INTERRUPTED = { code: "interrupted", message: "The server restarted while this was running." };

async function editOfTwoUploads(store: Store) {
  const first = await store.images.save({ visitorId: A, origin: "upload", ...(await png(200, 200, 1)) });
  const second = await store.images.save({ visitorId: A, origin: "upload", ...(await png(200, 200, 2)) });
  const generation = await store.generations.create({
    visitorId: A,
    model: EDIT,
    prompt: "put them side by side",
    parameters: { ...SETTINGS, num_images: 2 },
    inputImageIds: [second.id, first.id],
  });
  return { first, second, generation };
}

describe.each(storeKinds)("store generations on %s", (kind) => {
  const stores = useTempStore(kind);
  afterEach(() => stores.cleanup());

  it("go queued → running → succeeded with every output stored", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const { generation } = await editOfTwoUploads(store);
    expect(generation).toMatchObject({ status: "queued", startedAt: null, finishedAt: null, retryOf: null });
    expect(await store.generations.withOutputs(A, generation.id)).toEqual({ generation, outputs: [] });

    expect(await store.runs.markRunning(generation.id)).toBe(true);
    expect(await store.runs.markRunning(generation.id)).toBe(false);
    expect((await store.generations.get(A, generation.id))?.startedAt).toEqual(expect.any(Number));

    const outputs = [await png(1024, 1024, 20), await png(1024, 1024, 21)];
    const done = await store.runs.complete(generation.id, {
      outputs,
      seed: 777,
      creditsUsed: 0.06,
      providerRequestId: "req-1",
    });
    expect(done?.generation).toMatchObject({ status: "succeeded", seed: 777, creditsUsed: 0.06, providerRequestId: "req-1" });
    expect(done?.generation.finishedAt).toBeGreaterThanOrEqual(done?.generation.startedAt ?? Infinity);

    const [item] = (await store.gallery.list(A)).items;
    expect(item?.kind).toBe("generation");
    const stored = item?.kind === "generation" ? item.outputs : [];
    expect(stored.map((image) => [image.outputIndex, image.origin, image.generationId, image.seed])).toEqual([
      [0, "output", generation.id, 777],
      [1, "output", generation.id, 777],
    ]);
    // What complete() answers is what is stored: the announcement is built from it without a read.
    expect(await store.generations.withOutputs(A, generation.id)).toEqual(done);
    expect(done?.outputs).toEqual(stored);
    for (const [index, image] of stored.entries()) {
      expect((await store.images.read(A, image.id))?.equals(outputs[index]!.bytes)).toBe(true);
    }
    expect(await (await stores.files(dataDir)).list("blobs")).toHaveLength(4);
    // A finished job cannot be failed or canceled afterwards.
    expect(await store.runs.fail(generation.id, { code: "network", message: "late" })).toBe(false);
    expect(await store.generations.cancel(A, generation.id)).toBe(false);
  });

  it("discard a late answer cleanly when the job was canceled while running", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const { generation } = await editOfTwoUploads(store);
    await store.runs.markRunning(generation.id);
    const blobsBefore = await (await stores.files(dataDir)).list("blobs");

    expect(await store.generations.cancel(A, generation.id)).toBe(true);
    const late = await store.runs.complete(generation.id, { outputs: [await png(1024, 1024, 30)] });

    expect(late).toBeNull();
    expect(await store.generations.get(A, generation.id)).toMatchObject({ status: "canceled" });
    expect(await (await stores.files(dataDir)).list("blobs")).toEqual(blobsBefore);
    const [item] = (await store.gallery.list(A)).items;
    expect(item?.kind === "generation" && item.outputs).toEqual([]);
  });

  it("discard an answer whose outputs were being written when the cancel came", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const { generation } = await editOfTwoUploads(store);
    await store.runs.markRunning(generation.id);
    const blobsBefore = await (await stores.files(dataDir)).list("blobs");

    const late = store.runs.complete(generation.id, { outputs: [await png(2048, 2048, 31)] });
    // One turn of the event loop: the completion has checked the status and is busy hashing and encoding.
    await new Promise((resolve) => setImmediate(resolve));
    expect(await store.generations.cancel(A, generation.id)).toBe(true);

    expect(await late).toBeNull();
    expect(await store.generations.get(A, generation.id)).toMatchObject({ status: "canceled" });
    expect(await (await stores.files(dataDir)).list("blobs")).toEqual(blobsBefore);
    expect(await (await stores.files(dataDir)).list("thumbs")).toHaveLength(blobsBefore.length);
  });

  it("not let a canceled job start", async () => {
    const store = await stores.open(await stores.dataDir());
    const { generation } = await editOfTwoUploads(store);
    expect(await store.generations.cancel(A, generation.id)).toBe(true);
    expect(await store.runs.markRunning(generation.id)).toBe(false);
    expect(await store.runs.complete(generation.id, { outputs: [await png(64, 64)] })).toBeNull();
  });

  it("keep the inputs and parameters of a failed job, ready for a retry", async () => {
    const store = await stores.open(await stores.dataDir());
    const { first, second, generation } = await editOfTwoUploads(store);
    await store.runs.markRunning(generation.id);
    const failure = { code: "rate_limited", message: "Too many requests; wait a little and try again." };
    expect(await store.runs.fail(generation.id, failure)).toBe(true);

    const failed = await store.generations.get(A, generation.id);
    expect(failed).toMatchObject({
      status: "failed",
      errorCode: failure.code,
      errorMessage: failure.message,
      inputImageIds: [second.id, first.id],
      parameters: { ...SETTINGS, num_images: 2 },
      prompt: "put them side by side",
    });

    const retry = await store.generations.create({
      visitorId: A,
      model: failed!.model,
      prompt: failed!.prompt,
      parameters: failed!.parameters,
      inputImageIds: failed!.inputImageIds,
      retryOf: failed!.id,
    });
    expect(retry).toMatchObject({ status: "queued", retryOf: generation.id, inputImageIds: [second.id, first.id] });
  });

  it("turn jobs left queued or running by a dead process into interrupted", async () => {
    const dataDir = await stores.dataDir();
    const crashed = await stores.open(dataDir);
    const running = (await editOfTwoUploads(crashed)).generation;
    await crashed.runs.markRunning(running.id);
    const textToImage = {
      visitorId: A,
      model: "bytedance/seedream-v4-text-to-image",
      prompt: "a lighthouse",
      parameters: SETTINGS,
      inputImageIds: [],
    } as const;
    const queued = await crashed.generations.create(textToImage);
    const finished = await crashed.generations.create(textToImage);
    await crashed.generations.cancel(A, finished.id);
    await stores.close(crashed);

    const restarted = await stores.open(dataDir);
    expect(await restarted.runs.interruptUnfinished(INTERRUPTED)).toBe(2);
    for (const id of [running.id, queued.id]) {
      expect(await restarted.generations.get(A, id)).toMatchObject({
        status: "interrupted",
        errorCode: "interrupted",
        errorMessage: INTERRUPTED.message,
        finishedAt: expect.any(Number),
      });
    }
    expect((await restarted.generations.get(A, finished.id))?.status).toBe("canceled");
    expect(await restarted.runs.interruptUnfinished(INTERRUPTED)).toBe(0);
  });

  it("refuse unknown inputs, a missing retry and invalid parameters", async () => {
    const store = await stores.open(await stores.dataDir());
    const base = { visitorId: A, model: EDIT, prompt: "x", parameters: SETTINGS } as const;
    await expect(store.generations.create({ ...base, inputImageIds: ["no-such-image"] })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(store.generations.create({ ...base, inputImageIds: [], retryOf: "no-such-job" })).rejects.toMatchObject({
      code: "not_found",
    });
    const tooMany = { ...SETTINGS, num_images: 9 };
    await expect(store.generations.create({ ...base, parameters: tooMany, inputImageIds: [] })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect((await store.gallery.list(A)).items).toEqual([]);
  });

  it("delete a generation with its last output, and dismiss a failed one", async () => {
    const dataDir = await stores.dataDir();
    const store = await stores.open(dataDir);
    const { first, second, generation } = await editOfTwoUploads(store);
    await store.runs.markRunning(generation.id);
    const done = await store.runs.complete(generation.id, { outputs: [await png(512, 512, 40)] });
    expect(done?.generation.status).toBe("succeeded");
    const [newest] = (await store.gallery.list(A)).items;
    const output = newest?.kind === "generation" ? newest.outputs[0] : undefined;

    expect(await store.images.delete(A, output!.id)).toBe(true);
    expect(await store.generations.get(A, generation.id)).toBeNull();
    expect((await store.gallery.list(A)).items.map((item) => item.kind)).toEqual(["upload", "upload"]);

    const doomed = await store.generations.create({
      visitorId: A,
      model: EDIT,
      prompt: "doomed",
      parameters: SETTINGS,
      inputImageIds: [first.id],
    });
    await store.runs.markRunning(doomed.id);
    expect(await store.generations.dismiss(A, doomed.id)).toBe(true);
    expect(await store.runs.complete(doomed.id, { outputs: [await png(64, 64, 41)] })).toBeNull();
    expect((await store.runs.get(doomed.id))?.status).toBe("canceled");
    expect((await store.gallery.list(A)).items.map((item) => item.kind)).toEqual(["upload", "upload"]);
    expect(await (await stores.files(dataDir)).list("blobs")).toHaveLength(2);
    expect(await store.images.get(A, second.id)).not.toBeNull();
  });
});
