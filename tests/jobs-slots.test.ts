import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "@/lib/server/store";
import { textJob, useJobsHarness, waitForStatus } from "./support/jobs-harness";

const VISITOR = "SlotsSlotsSlotsSlots01";
const harnesses = useJobsHarness();
afterEach(() => harnesses.cleanup());

/**
 * The store with its markRunning counted (the write a job recorded running does without) and its
 * reads of a job by id (the read before the call, which such a job does without too).
 */
function countingStarts(store: Store): { store: Store; marked: () => number; readsOf: (id: string) => number } {
  let marked = 0;
  const reads = new Map<string, number>();
  const runs = {
    ...store.runs,
    markRunning: (id: string) => (marked++, store.runs.markRunning(id)),
    get: (id: string) => (reads.set(id, (reads.get(id) ?? 0) + 1), store.runs.get(id)),
  };
  return { store: { ...store, runs }, marked: () => marked, readsOf: (id) => reads.get(id) ?? 0 };
}

describe("a job started while the runner has a slot free", () => {
  it("is recorded running in the write that creates it; with the slots taken, the next one queues and runs later", async () => {
    const harness = await harnesses.open({ fake: { latencyMs: 300 } });
    const counted = countingStarts(harness.store);
    const jobs = harness.createJobs({ store: counted.store, maxConcurrency: 1 });

    const first = await jobs.start(VISITOR, textJob("a heron in the reeds"));
    expect(first.status).toBe("running");
    expect(first.startedAt).not.toBeNull();
    expect(first.startedAt! - first.createdAt).toBeLessThan(1_000);
    const second = await jobs.start(VISITOR, textJob("a heron taking off"));
    expect(second.status).toBe("queued");

    await waitForStatus(harness.store, VISITOR, second.id, "succeeded");
    expect((await harness.store.generations.get(VISITOR, first.id))?.status).toBe("succeeded");
    // Only the queued job needed a write of its own to start, and a read to find what to call.
    expect(counted.marked()).toBe(1);
    expect([counted.readsOf(first.id), counted.readsOf(second.id)]).toEqual([0, 1]);
    expect(harness.fake.requests()).toHaveLength(2);
  }, 30_000);

  it("gives its slot back when the job is refused, so the next job still runs", async () => {
    const harness = await harnesses.open();
    const jobs = harness.createJobs({ maxConcurrency: 1 });
    await expect(jobs.start(VISITOR, { ...textJob("an edit of nothing"), inputImageIds: ["0190f0f0-0000-7000-8000-000000000000"] })).rejects.toMatchObject({
      code: "not_found",
    });
    const next = await jobs.start(VISITOR, textJob("a lantern on a jetty"));
    expect(next.status).toBe("running");
    await waitForStatus(harness.store, VISITOR, next.id, "succeeded");
    await jobs.idle();
  }, 30_000);

  it("runs once when the same request is sent twice at once", async () => {
    const harness = await harnesses.open({ fake: { latencyMs: 200 } });
    const jobs = harness.createJobs({ maxConcurrency: 2 });
    const input = { ...textJob("a paper boat on a puddle"), requestId: "5f0c7a7e-1d2b-4c3a-9e8f-0a1b2c3d4e5f" };
    const [a, b] = await Promise.all([jobs.start(VISITOR, input), jobs.start(VISITOR, input)]);
    expect(a.id).toBe(b.id);
    await waitForStatus(harness.store, VISITOR, a.id, "succeeded");
    await jobs.idle();
    expect(harness.fake.requests()).toHaveLength(1);
  }, 30_000);
});
