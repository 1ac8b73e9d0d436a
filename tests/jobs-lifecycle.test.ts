import { afterEach, describe, expect, it } from "vitest";
import { EDIT_MODEL } from "@/lib/shared/seedream/limits";
import type { Store } from "@/lib/server/store";
import {
  dataUrl,
  renderOffline,
  sha256,
  uploadPhoto,
  useJobsHarness,
  waitForStatus,
} from "./support/jobs-harness";
import { storeKinds } from "./support/store-kinds";

const A = "visitor-a-lifecycle-000";

const SEPIA = { prompt: "make it sepia", seed: 7 } as const;

async function outputBytes(store: Store, visitorId: string, generationId: string): Promise<Buffer[]> {
  const found = await store.generations.withOutputs(visitorId, generationId);
  return Promise.all((found?.outputs ?? []).map(async (image) => (await store.images.read(visitorId, image.id))!));
}

describe.each(storeKinds)("on %s", (kind) => {
  const harnesses = useJobsHarness(kind);
  afterEach(() => harnesses.cleanup());

  describe("an edit job from upload to stored output", () => {
    it("sends the stored upload, and keeps exactly the bytes the provider rendered", async () => {
      const h = await harnesses.open();
      const upload = await uploadPhoto(h.store, A);
      const uploadBytes = (await h.store.images.read(A, upload.id))!;

      const started = await h.jobs.start(A, { settings: SEPIA, inputImageIds: [upload.id] });
      // A slot was free: the job is recorded already running.
      expect(started).toMatchObject({ status: "running", model: EDIT_MODEL, inputImageIds: [upload.id] });
      const done = await waitForStatus(h.store, A, started.id, "succeeded");

      const calls = h.fake.requests();
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({
        model: EDIT_MODEL,
        prompt: SEPIA.prompt,
        status: 200,
        openapiValid: true,
        extraFields: [],
        inputs: [{ sha256: sha256(uploadBytes), mime: "image/png", bytes: uploadBytes.length }],
      });
      expect(done).toMatchObject({ seed: 7, providerRequestId: calls[0]!.clientRequestId, errorCode: null });

      const [expected] = await renderOffline({
        model: EDIT_MODEL,
        ...SEPIA,
        image_urls: [dataUrl(uploadBytes, "image/png")],
      });
      const found = await h.store.generations.withOutputs(A, started.id);
      expect(found?.outputs).toHaveLength(1);
      expect(found?.outputs[0]).toMatchObject({
        origin: "output",
        generationId: started.id,
        outputIndex: 0,
        mime: "image/png",
        width: 1024,
        height: 1024,
        sha256: sha256(expected!),
        seed: 7,
      });
      expect((await h.store.images.read(A, found!.outputs[0]!.id))!.equals(expected!)).toBe(true);
    });

    it("finds the generation, its outputs and the upload unchanged after the store is reopened", async () => {
      const h = await harnesses.open();
      const upload = await uploadPhoto(h.store, A);
      const { id } = await h.jobs.start(A, { settings: SEPIA, inputImageIds: [upload.id] });
      await waitForStatus(h.store, A, id, "succeeded");

      const before = {
        gallery: await h.store.gallery.list(A),
        generation: await h.store.generations.withOutputs(A, id),
        upload: await h.store.images.read(A, upload.id),
        outputs: await outputBytes(h.store, A, id),
      };
      await h.restart();

      expect(await h.store.gallery.list(A)).toEqual(before.gallery);
      expect(before.gallery.items.map((item) => item.kind)).toEqual(["generation", "upload"]);
      expect(await h.store.generations.withOutputs(A, id)).toEqual(before.generation);
      expect((await h.store.images.read(A, upload.id))!.equals(before.upload!)).toBe(true);
      const outputs = await outputBytes(h.store, A, id);
      expect(outputs).toHaveLength(1);
      expect(outputs[0]!.equals(before.outputs[0]!)).toBe(true);
      const thumbnail = await h.store.images.open(A, before.generation!.outputs[0]!.id, "thumbnail");
      expect(thumbnail?.mime).toBe("image/webp");
      thumbnail?.stream.destroy();
    });
  });

  describe("a job running when the process died", () => {
    const INTERRUPTED = { code: "interrupted", message: "The studio restarted while this was running." };

    it("comes back interrupted, and its retry makes one call and succeeds", async () => {
      const h = await harnesses.open();
      const upload = await uploadPhoto(h.store, A);
      const orphan = await h.store.generations.create({
        visitorId: A,
        model: EDIT_MODEL,
        prompt: SEPIA.prompt,
        parameters: { seed: SEPIA.seed, image_size: "square" },
        inputImageIds: [upload.id],
      });
      expect(await h.store.runs.markRunning(orphan.id)).toBe(true);
      await h.restart();

      expect(await h.store.runs.interruptUnfinished(INTERRUPTED)).toBe(1);
      expect(await h.store.generations.get(A, orphan.id)).toMatchObject({
        status: "interrupted",
        errorCode: INTERRUPTED.code,
        errorMessage: INTERRUPTED.message,
      });
      expect(h.fake.requests()).toHaveLength(0);

      const retry = await h.jobs.retry(A, orphan.id);
      expect(retry).toMatchObject({
        retryOf: orphan.id,
        prompt: SEPIA.prompt,
        parameters: { seed: SEPIA.seed, image_size: "square" },
        inputImageIds: [upload.id],
      });
      expect(retry!.id).not.toBe(orphan.id);
      await waitForStatus(h.store, A, retry!.id, "succeeded");
      await h.jobs.idle();

      expect(h.fake.requests()).toHaveLength(1);
      expect((await h.store.generations.withOutputs(A, retry!.id))?.outputs).toHaveLength(1);
      expect((await h.store.generations.get(A, orphan.id))?.status).toBe("interrupted");
      expect(await h.store.runs.interruptUnfinished(INTERRUPTED)).toBe(0);
    });
  });
});
