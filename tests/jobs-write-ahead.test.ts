import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "@/lib/server/store";
import { sha256, textJob, useJobsHarness, waitForStatus, type JobsHarness } from "./support/jobs-harness";
import { storeKinds } from "./support/store-kinds";

const A = "WriteAheadWriteAheadW01";
type Outcome = Parameters<Store["runs"]["complete"]>[1];

/** The store, with the blob files as they stood at the moment each job asked to be completed. */
function watchingComplete(h: JobsHarness): { store: Store; filesAtComplete: string[][] } {
  const filesAtComplete: string[][] = [];
  const runs = {
    ...h.store.runs,
    complete: async (id: string, outcome: Outcome, owner?: string) => {
      filesAtComplete.push(await h.blobFiles());
      return h.store.runs.complete(id, outcome, owner);
    },
  };
  return { store: { ...h.store, runs }, filesAtComplete };
}

describe.each(storeKinds)("on %s, a job's outputs", (kind) => {
  const harnesses = useJobsHarness(kind);
  afterEach(() => harnesses.cleanup());

  it("are written while they are checked, before their rows, and kept once", async () => {
    const h = await harnesses.open();
    const watched = watchingComplete(h);
    const jobs = h.createJobs({ store: watched.store });

    const { id } = await jobs.start(A, { settings: { prompt: "two herons at dawn", num_images: 2 }, inputImageIds: [] });
    await waitForStatus(h.store, A, id, "succeeded");
    await jobs.idle();

    const outputs = (await h.store.generations.withOutputs(A, id))!.outputs;
    const keys = await Promise.all(outputs.map(async (output) => sha256((await h.store.images.read(A, output.id))!)));
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(watched.filesAtComplete[0]!.some((file) => file.endsWith(key))).toBe(true);
    expect((await h.blobFiles()).sort()).toEqual(watched.filesAtComplete[0]!.sort());
  });

  it("are removed again when the job does not succeed after writing them", async () => {
    const h = await harnesses.open();
    const written: string[][] = [];
    // Canceled at the last moment: the outputs are written and checked, their rows not yet.
    const runs = {
      ...h.store.runs,
      complete: async (id: string, outcome: Outcome, owner?: string) => {
        written.push(await h.blobFiles());
        await h.store.generations.cancel(A, id);
        return h.store.runs.complete(id, outcome, owner);
      },
    };
    const jobs = h.createJobs({ store: { ...h.store, runs } });
    const { id } = await jobs.start(A, textJob("a heron that is canceled late"));
    await waitForStatus(h.store, A, id, "canceled");
    await jobs.idle();

    expect(written[0]).toHaveLength(1);
    expect(await h.blobFiles()).toEqual([]);
  });
});
