import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { textJob, useJobsHarness, waitForStatus } from "./support/jobs-harness";

/**
 * A start or retry sent twice (an answer lost on the way, a double click, two tabs at once) must
 * not pay twice: the browser's request id names one job per visitor, and the original a retry
 * copies is read inside the write that records it.
 */
const A = "visitor-a-idempotent-000";
const B = "visitor-b-idempotent-000";
const harnesses = useJobsHarness();
afterEach(() => harnesses.cleanup());

describe("a start sent twice with one request id", () => {
  it("records and runs one job, and answers the second call with it", async () => {
    const h = await harnesses.open();
    const requestId = randomUUID();
    const [first, second] = await Promise.all([
      h.jobs.start(A, { ...textJob("a lighthouse"), requestId }),
      h.jobs.start(A, { ...textJob("a lighthouse"), requestId }),
    ]);
    expect(second.id).toBe(first.id);
    await waitForStatus(h.store, A, first.id, "succeeded");
    // The answer was lost; the browser sends the same start again, later.
    const resent = await h.jobs.start(A, { ...textJob("a lighthouse"), requestId });
    expect(resent).toMatchObject({ id: first.id, status: "succeeded" });
    await h.jobs.idle();
    expect(h.fake.requests()).toHaveLength(1);
  });

  it("is one visitor's id: another visitor's same id is their own job", async () => {
    const h = await harnesses.open();
    const requestId = randomUUID();
    const mine = await h.jobs.start(A, { ...textJob("a lighthouse"), requestId });
    const theirs = await h.jobs.start(B, { ...textJob("a lighthouse"), requestId });
    expect(theirs.id).not.toBe(mine.id);
    expect(theirs.visitorId).toBe(B);
    await h.jobs.idle();
  });
});

describe("Retry pressed twice on one failed job", () => {
  it("records one paid job when both calls carry the card's request id", async () => {
    const h = await harnesses.open();
    const failed = await h.jobs.start(A, textJob("[fault:500] a lighthouse"));
    await waitForStatus(h.store, A, failed.id, "failed");
    const requestId = randomUUID();
    const [first, second] = await Promise.all([
      h.jobs.retry(A, failed.id, undefined, requestId),
      h.jobs.retry(A, failed.id, undefined, requestId),
    ]);
    expect(first?.retryOf).toBe(failed.id);
    expect(second?.id).toBe(first?.id);
    await h.jobs.idle();
    expect(h.fake.requests()).toHaveLength(2);
  });

  it("answers with the original while it is still on its way, read inside the write", async () => {
    const h = await harnesses.open({ fake: { latencyMs: 400 } });
    const failed = await h.jobs.start(A, textJob("[fault:500] a lighthouse"));
    await waitForStatus(h.store, A, failed.id, "failed");
    const retried = await h.jobs.retry(A, failed.id, undefined, randomUUID());
    // A retry of the retry while it runs is the running job itself, whatever its request id.
    const again = await h.store.generations.create({
      visitorId: A,
      model: retried!.model,
      prompt: retried!.prompt,
      parameters: retried!.parameters,
      inputImageIds: [],
      retryOf: retried!.id,
      clientRequestId: randomUUID(),
    });
    expect(again.id).toBe(retried!.id);
    await h.jobs.idle();
    expect(h.fake.requests()).toHaveLength(2);
  });
});
