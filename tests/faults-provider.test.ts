import { afterEach, describe, expect, it } from "vitest";
import { SEEDREAM_ERRORS, type SeedreamErrorCode } from "@/lib/shared/seedream/errors";
import type { ImageRecord } from "@/lib/server/store";
import { textJob, useJobsHarness, waitForStatus, type JobsHarness } from "./support/jobs-harness";

/**
 * Issue 6, item 7: every fault the fake AI/ML API can play, over real HTTP, through the jobs layer
 * and a real store. Each ends as a failed job with the provider error's own sentence (or, for
 * 429x2, a success), and an earlier generation's images stay readable byte for byte.
 */
const A = "visitor-a-faults-000000";

interface FaultCase {
  fault: string;
  code: SeedreamErrorCode;
  /** HTTP answers the fake gave, in order: shows where the client retried and where it did not. */
  calls: number[];
  deadlineMs?: number;
}

const FAULTS: FaultCase[] = [
  { fault: "401", code: "unauthorized", calls: [401] },
  { fault: "403", code: "out_of_credits", calls: [403] },
  // A 429 means the work never started, so the client tries three times before giving up.
  { fault: "429", code: "rate_limited", calls: [429, 429, 429] },
  { fault: "500", code: "provider_error", calls: [500] },
  { fault: "503", code: "provider_error", calls: [503, 503, 503] },
  { fault: "504", code: "provider_timeout", calls: [504] },
  // The fake never answers; the job's deadline ends the wait (0: no answer was ever sent).
  { fault: "hang", code: "provider_timeout", calls: [0], deadlineMs: 500 },
  { fault: "safety", code: "safety_rejected", calls: [400] },
  { fault: "empty", code: "safety_rejected", calls: [200] },
  { fault: "nsfw", code: "safety_rejected", calls: [200] },
  { fault: "garbage", code: "bad_response", calls: [200] },
  { fault: "expired", code: "bad_response", calls: [200] },
];

const harnesses = useJobsHarness();
afterEach(() => harnesses.cleanup());

interface Earlier {
  outputs: ImageRecord[];
  bytes: Buffer[];
  blobFiles: string[];
}

/** A generation that succeeded before the fault, with the bytes a visitor could download then. */
async function storeEarlierGeneration(h: JobsHarness): Promise<Earlier> {
  const { id } = await h.jobs.start(A, {
    settings: { prompt: "an earlier harbour", seed: 7, num_images: 2, image_size: "square" },
    inputImageIds: [],
  });
  await waitForStatus(h.store, A, id, "succeeded");
  await h.jobs.idle();
  const outputs = (await h.store.generations.withOutputs(A, id))!.outputs;
  const bytes = await Promise.all(outputs.map(async (output) => (await h.store.images.read(A, output.id))!));
  h.fake.clearRequests();
  return { outputs, bytes, blobFiles: await h.blobFiles() };
}

async function expectNothingLost(h: JobsHarness, earlier: Earlier): Promise<void> {
  expect(earlier.outputs).toHaveLength(2);
  for (const [index, output] of earlier.outputs.entries()) {
    const now = await h.store.images.read(A, output.id);
    expect(now?.equals(earlier.bytes[index]!)).toBe(true);
  }
}

describe("provider faults end as a failed job with their sentence, and lose nothing", () => {
  it.each(FAULTS)("[fault:$fault] → $code", async ({ fault, code, calls, deadlineMs }) => {
    const h = await harnesses.open();
    const earlier = await storeEarlierGeneration(h);
    const jobs = deadlineMs ? h.createJobs({ deadlineMs }) : h.jobs;

    const { id } = await jobs.start(A, textJob(`a lighthouse [fault:${fault}]`));
    const failed = await waitForStatus(h.store, A, id, "failed");
    await jobs.idle();

    expect(failed).toMatchObject({ errorCode: code, errorMessage: SEEDREAM_ERRORS[code].sentence });
    expect(h.fake.requests().map((call) => call.status)).toEqual(calls);
    expect((await h.store.generations.withOutputs(A, id))?.outputs).toEqual([]);
    // Not a byte more on disk: a failed job leaves no file behind, and takes none away.
    expect(await h.blobFiles()).toEqual(earlier.blobFiles);
    await expectNothingLost(h, earlier);
  });

  it("[fault:429x2] rides out two rate limits and succeeds beside the earlier images", async () => {
    const h = await harnesses.open();
    const earlier = await storeEarlierGeneration(h);

    const { id } = await h.jobs.start(A, textJob("a lighthouse [fault:429x2]"));
    await waitForStatus(h.store, A, id, "succeeded");
    await h.jobs.idle();

    expect(h.fake.requests().map((call) => call.status)).toEqual([429, 429, 200]);
    const [output] = (await h.store.generations.withOutputs(A, id))!.outputs;
    expect((await h.store.images.read(A, output!.id))!.length).toBeGreaterThan(0);
    expect(await h.blobFiles()).toHaveLength(earlier.blobFiles.length + 1);
    await expectNothingLost(h, earlier);
  });

  it("keeps the earlier images readable after a studio restart that follows a run of faults", async () => {
    const h = await harnesses.open({ deadlineMs: 500 });
    const earlier = await storeEarlierGeneration(h);
    const started = await Promise.all(FAULTS.map(({ fault }) => h.jobs.start(A, textJob(`fault ${fault} [fault:${fault}]`))));
    await h.jobs.idle();

    await h.restart();
    for (const { id } of started) expect((await h.store.generations.get(A, id))?.status).toBe("failed");
    expect(await h.blobFiles()).toEqual(earlier.blobFiles);
    await expectNothingLost(h, earlier);
  });
});
