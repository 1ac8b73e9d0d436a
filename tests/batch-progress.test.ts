import { describe, expect, it } from "vitest";
import { batchProgress, progressSentence, retryable, type BatchJob } from "@/components/studio/batch/batch-progress";
import type { GenerationStatus } from "@/lib/shared/records";

const statuses: Record<string, GenerationStatus> = { a: "succeeded", b: "failed", c: "running", d: "canceled", e: "interrupted", f: "queued" };
const statusOf = (id: string) => statuses[id] ?? null;
const job = (generationId: string | null, refusal: string | null = null): BatchJob => ({ imageId: `image-${generationId}`, generationId, refusal });

describe("a batch's progress", () => {
  it("counts each job by its card, a refused start as failed, one not answered yet as running", () => {
    const jobs = [job("a"), job("b"), job("c"), job("d"), job("e"), job("f"), job(null), job(null, "You've made 30 images in the last hour.")];
    const progress = batchProgress(jobs, statusOf);
    expect(progress).toEqual({ total: 8, succeeded: 1, failed: 3, pending: 3, canceled: 1 });
    expect(progressSentence(progress)).toBe("1 of 8 done · 3 running · 3 failed · 1 canceled");
    expect(progressSentence(batchProgress([job("a")], statusOf))).toBe("1 of 1 done");
  });

  it("retries only the failed, interrupted and refused jobs", () => {
    const jobs = [job("a"), job("b"), job("c"), job("e"), job(null, "refused"), job(null)];
    expect(retryable(jobs, statusOf).map((entry) => entry.generationId)).toEqual(["b", "e", null]);
    expect(retryable(jobs, statusOf)[2]!.refusal).toBe("refused");
  });

  it("counts a job kept back by Cancel all as canceled, and never retries it", () => {
    const jobs = [job("d"), { imageId: "image-unsent", generationId: null, refusal: null, canceledUnsent: true as const }];
    expect(progressSentence(batchProgress(jobs, statusOf))).toBe("0 of 2 done · 2 canceled");
    expect(retryable(jobs, statusOf)).toEqual([]);
  });
});
