import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import { SEEDREAM_ERRORS } from "@/lib/shared/seedream/errors";
import { StoreError, type Store } from "@/lib/server/store";
import {
  renderOffline,
  sha256,
  textJob,
  uploadPhoto,
  useJobsHarness,
  waitForStatus,
} from "./support/jobs-harness";
import { storeKinds } from "./support/store-kinds";

const A = "visitor-a-answers-00000";

describe.each(storeKinds)("on %s", (kind) => {
  const harnesses = useJobsHarness(kind);
  afterEach(() => harnesses.cleanup());

  describe("outputs the provider gives as URLs", () => {
    it("fails clearly when the link has already expired, keeping the request on the record", async () => {
      // A TTL of 0 makes every link dead on arrival; 1 ms could still be alive on a fast machine.
      const h = await harnesses.open({ fake: { urlTtlMs: 0 } });
      const upload = await uploadPhoto(h.store, A);
      const settings = { prompt: "make it sepia", seed: 11, image_size: "square" } as const;
      const { id } = await h.jobs.start(A, { settings, inputImageIds: [upload.id] });

      const failed = await waitForStatus(h.store, A, id, "failed");
      expect(failed).toMatchObject({
        errorCode: "bad_response",
        errorMessage: SEEDREAM_ERRORS.bad_response.sentence,
        model: EDIT_MODEL,
        prompt: settings.prompt,
        parameters: { seed: 11, image_size: "square" },
        inputImageIds: [upload.id],
      });
      expect(h.fake.requests().map((call) => call.status)).toEqual([200]);
      expect(h.downloadedUrls()).toHaveLength(1);
      expect((await fetch(h.downloadedUrls()[0]!)).status).toBe(404);
      expect((await h.store.generations.withOutputs(A, id))?.outputs).toEqual([]);
      expect((await h.store.images.get(A, upload.id))?.id).toBe(upload.id);
    });

    it("keeps an output fetched in time after the provider's link has expired", async () => {
      const urlTtlMs = 300;
      const h = await harnesses.open({ fake: { urlTtlMs } });
      const settings = { prompt: "a lighthouse at dusk", seed: 5, image_size: "square" } as const;
      const { id } = await h.jobs.start(A, { settings, inputImageIds: [] });
      await waitForStatus(h.store, A, id, "succeeded");

      const [link] = h.downloadedUrls();
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//);
      await sleep(urlTtlMs + 50);
      expect((await fetch(link!)).status).toBe(404);

      const [expected] = await renderOffline({ model: TEXT_TO_IMAGE_MODEL, ...settings });
      const [output] = (await h.store.generations.withOutputs(A, id))!.outputs;
      expect(output).toMatchObject({ width: 512, height: 512, sha256: sha256(expected!) });
      expect((await h.store.images.read(A, output!.id))!.equals(expected!)).toBe(true);
    });
  });

  describe("provider failures", () => {
    it("keeps the inputs and parameters of a job the provider failed, after exactly one call", async () => {
      const h = await harnesses.open();
      const upload = await uploadPhoto(h.store, A);
      const settings = { prompt: "make it sepia [fault:500]", seed: 3, num_images: 2 } as const;
      const { id } = await h.jobs.start(A, { settings, inputImageIds: [upload.id, upload.id] });

      const failed = await waitForStatus(h.store, A, id, "failed");
      await h.jobs.idle();
      expect(SEEDREAM_ERRORS.provider_error.retryable).toBe(true);
      expect(failed).toMatchObject({
        errorCode: "provider_error",
        errorMessage: SEEDREAM_ERRORS.provider_error.sentence,
        prompt: settings.prompt,
        parameters: { seed: 3, num_images: 2 },
        inputImageIds: [upload.id, upload.id],
      });
      expect(h.fake.requests().map((call) => call.status)).toEqual([500]);
      expect((await h.store.generations.withOutputs(A, id))?.outputs).toEqual([]);
    });

    it("rides out two rate limits within one call, under one client request id", async () => {
      const h = await harnesses.open();
      const { id } = await h.jobs.start(A, textJob("a lighthouse [fault:429x2]"));

      const done = await waitForStatus(h.store, A, id, "succeeded");
      const calls = h.fake.requests();
      expect(calls.map((call) => call.status)).toEqual([429, 429, 200]);
      const [first] = calls;
      expect(first?.clientRequestId).toMatch(/^studio-/);
      expect(calls.every((call) => call.clientRequestId === first?.clientRequestId)).toBe(true);
      expect(done.providerRequestId).toBe(first?.clientRequestId);
      expect((await h.store.generations.withOutputs(A, id))?.outputs).toHaveLength(1);
    });
  });

  describe("a store that cannot record a failure", () => {
    it("logs it and keeps the runner going, leaving the job for the next start-up to interrupt", async () => {
      const h = await harnesses.open();
      const escaped: unknown[] = [];
      const onUnhandled = (reason: unknown) => escaped.push(reason);
      process.on("unhandledRejection", onUnhandled);
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        const diskFull = new StoreError("write_failed", "The disk is full.");
        const store: Store = { ...h.store, runs: { ...h.store.runs, fail: () => Promise.reject(diskFull) } };
        const jobs = h.createJobs({ store, maxConcurrency: 1 });
        const broken = await jobs.start(A, textJob("a lighthouse [fault:500]"));
        const next = await jobs.start(A, textJob("a harbour"));

        await waitForStatus(h.store, A, next.id, "succeeded");
        await sleep(20);
        expect(escaped).toEqual([]);
        expect(logged).toHaveBeenCalledWith(expect.stringContaining(broken.id), diskFull);
        expect((await h.store.generations.get(A, broken.id))?.status).toBe("running");
      } finally {
        process.off("unhandledRejection", onUnhandled);
        logged.mockRestore();
      }
    });
  });
});
