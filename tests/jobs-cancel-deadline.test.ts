import { afterEach, describe, expect, it } from "vitest";
import type { ImageProvider } from "@/lib/server/engine/types";
import { SEEDREAM_ERRORS } from "@/lib/shared/seedream/errors";
import { settlesWithin, textJob, useJobsHarness, waitForStatus, waitUntil } from "./support/jobs-harness";
import { storeKinds } from "./support/store-kinds";

const A = "visitor-a-cancel-000000";

describe.each(storeKinds)("on %s", (kind) => {
  const harnesses = useJobsHarness(kind);
  afterEach(() => harnesses.cleanup());

  describe("cancel mid-call", () => {
    it("aborts a call the provider never answers, and keeps the job canceled with nothing stored", async () => {
      const h = await harnesses.open();
      const { id } = await h.jobs.start(A, textJob("a lighthouse [fault:hang]"));
      await waitForStatus(h.store, A, id, "running");
      await waitUntil(() => h.fake.requests().length === 1, "the call to reach the fake");

      const canceledAt = Date.now();
      expect(await h.jobs.cancel(A, id)).toMatchObject({ status: "canceled" });
      // Without the abort the runner would sit on the hanging call until the 10 s deadline.
      expect(await settlesWithin(h.jobs.idle(), 1_000)).toBe(true);
      expect(Date.now() - canceledAt).toBeLessThan(1_000);

      const found = await h.store.generations.withOutputs(A, id);
      expect(found?.generation).toMatchObject({ status: "canceled", errorCode: null });
      expect(found?.outputs).toEqual([]);
      expect(h.fake.requests()[0]?.status).toBe(0);
      expect(await h.blobFiles()).toEqual([]);
    });

    it("drops an answer that arrives after the cancel", async () => {
      const h = await harnesses.open();
      // A provider that does not hear the abort, so the fake's answer really lands after the cancel.
      const deaf: ImageProvider = { ...h.engine, generate: (request) => h.engine.generate(request) };
      const jobs = h.createJobs({ provider: deaf });
      const { id } = await jobs.start(A, textJob("a lighthouse [fault:slow:600]"));
      await waitForStatus(h.store, A, id, "running");
      await waitUntil(() => h.fake.requests().length === 1, "the call to reach the fake");

      expect(await jobs.cancel(A, id)).toMatchObject({ status: "canceled" });
      await jobs.idle();

      expect(h.fake.requests()[0]?.status).toBe(200);
      expect(h.downloadedUrls()).toHaveLength(1);
      const found = await h.store.generations.withOutputs(A, id);
      expect(found?.generation).toMatchObject({ status: "canceled", errorCode: null, providerRequestId: null });
      expect(found?.outputs).toEqual([]);
      const [card] = (await h.store.gallery.list(A)).items;
      expect(card).toMatchObject({ kind: "generation", outputs: [] });
      expect(await h.blobFiles()).toEqual([]);
    });

    it("cancels a job still waiting for a slot without ever calling the provider", async () => {
      const h = await harnesses.open({ maxConcurrency: 1 });
      const first = await h.jobs.start(A, textJob("first [fault:slow:300]"));
      const second = await h.jobs.start(A, textJob("second"));
      expect(await h.jobs.cancel(A, second.id)).toMatchObject({ status: "canceled" });

      await waitForStatus(h.store, A, first.id, "succeeded");
      await h.jobs.idle();
      expect(h.fake.requests().map((call) => call.prompt)).toEqual(["first [fault:slow:300]"]);
      expect((await h.store.generations.get(A, second.id))?.status).toBe("canceled");
    });
  });

  describe("the overall deadline", () => {
    it("fails a job whose provider never answers as provider_timeout", async () => {
      const h = await harnesses.open();
      const jobs = h.createJobs({ deadlineMs: 300 });
      const { id } = await jobs.start(A, textJob("a lighthouse [fault:hang]"));

      const failed = await waitForStatus(h.store, A, id, "failed", 3_000);
      expect(failed).toMatchObject({
        errorCode: "provider_timeout",
        errorMessage: SEEDREAM_ERRORS.provider_timeout.sentence,
      });
      expect(failed.finishedAt! - failed.startedAt!).toBeGreaterThanOrEqual(290);
      expect(failed.finishedAt! - failed.startedAt!).toBeLessThan(2_000);
      expect((await h.store.generations.withOutputs(A, id))?.outputs).toEqual([]);
    });
  });
});
