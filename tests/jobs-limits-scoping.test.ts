import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { StoreError } from "@/lib/server/store";
import { textJob, uploadPhoto, useJobsHarness, waitForStatus, waitUntil } from "./support/jobs-harness";
import { storeKinds } from "./support/store-kinds";

const A = "visitor-a-limits-000000";
const B = "visitor-b-limits-000000";
const ON_THE_WAY = new Set(["queued", "running", "succeeded", undefined]);

describe.each(storeKinds)("on %s", (kind) => {
  const harnesses = useJobsHarness(kind);
  afterEach(() => harnesses.cleanup());

  describe("the concurrency limit", () => {
    it("runs at most two provider calls at once, and finishes every job", async () => {
      const h = await harnesses.open({ maxConcurrency: 2 });
      const started = await Promise.all(
        [1, 2, 3, 4].map((n) => h.jobs.start(A, textJob(`lighthouse ${n} [fault:slow:600]`))),
      );

      let mostRunning = 0;
      const giveUpAt = Date.now() + 8_000;
      for (;;) {
        // One read for all four: separate reads could see a job still running and the next one already claimed.
        const page = await h.store.gallery.list(A);
        const byId = new Map(page.items.flatMap((item) => (item.kind === "generation" ? [[item.generation.id, item.generation.status]] : [])));
        const statuses = started.map(({ id }) => byId.get(id));
        mostRunning = Math.max(mostRunning, statuses.filter((status) => status === "running").length);
        if (statuses.every((status) => status === "succeeded")) break;
        expect(statuses.filter((status) => !ON_THE_WAY.has(status))).toEqual([]);
        expect(Date.now()).toBeLessThan(giveUpAt);
        await sleep(20);
      }
      expect(mostRunning).toBe(2);

      const arrivals = h.fake
        .requests()
        .map((call) => Date.parse(call.at))
        .sort((a, b) => a - b);
      expect(arrivals).toHaveLength(4);
      const [first, second, third, fourth] = arrivals as [number, number, number, number];
      expect(second - first).toBeLessThan(300);
      // The fake sleeps 600 ms after logging a call, so a third call can only start once one has answered.
      expect(third - first).toBeGreaterThanOrEqual(590);
      expect(fourth - second).toBeGreaterThanOrEqual(590);
    });
  });

  describe("each visitor's jobs are their own", () => {
    it("refuses another visitor's upload as an input, before any provider call", async () => {
      const h = await harnesses.open();
      const upload = await uploadPhoto(h.store, A);

      const attempt = h.jobs.start(B, { settings: { prompt: "make it sepia" }, inputImageIds: [upload.id] });
      await expect(attempt).rejects.toBeInstanceOf(StoreError);
      await expect(attempt).rejects.toMatchObject({ code: "not_found" });
      await h.jobs.idle();
      expect(h.fake.requests()).toEqual([]);
      expect((await h.store.gallery.list(B)).items).toEqual([]);
    });

    it("does not let another visitor cancel or retry a generation", async () => {
      const h = await harnesses.open();
      const upload = await uploadPhoto(h.store, A);
      const { id } = await h.jobs.start(A, {
        settings: { prompt: "make it sepia [fault:slow:300]", image_size: "square" },
        inputImageIds: [upload.id],
      });
      await waitForStatus(h.store, A, id, "running");
      await waitUntil(() => h.fake.requests().length === 1, "the call to reach the fake");

      expect(await h.jobs.cancel(B, id)).toBeNull();
      expect(await h.jobs.retry(B, id)).toBeNull();
      await waitForStatus(h.store, A, id, "succeeded");
      await h.jobs.idle();

      expect(await h.jobs.retry(B, id)).toBeNull();
      expect(await h.jobs.cancel(B, id)).toBeNull();
      await h.jobs.idle();
      expect(h.fake.requests().map((call) => call.status)).toEqual([200]);
      expect((await h.store.generations.withOutputs(A, id))?.outputs).toHaveLength(1);
      expect((await h.store.gallery.list(B)).items).toEqual([]);
    });

    it("answers Retry on a job still running with that job, so nothing is paid for twice", async () => {
      const h = await harnesses.open();
      const { id } = await h.jobs.start(A, textJob("patience [fault:slow:300]"));
      await waitForStatus(h.store, A, id, "running");

      expect(await h.jobs.retry(A, id)).toMatchObject({ id, status: "running" });
      await waitForStatus(h.store, A, id, "succeeded");
      await h.jobs.idle();
      expect(h.fake.requests()).toHaveLength(1);
    });
  });
});
