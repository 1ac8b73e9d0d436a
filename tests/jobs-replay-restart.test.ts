import { afterEach, describe, expect, it } from "vitest";
import { isQuotaError } from "@/lib/server/quotas";
import { uploadPhoto, useJobsHarness, type JobsHarness } from "./support/jobs-harness";
import { storeKinds } from "./support/store-kinds";
import { dyingStore, hashes, replayedSteps, runJob } from "./support/replay-steps";

const A = "visitor-a-replay-restart";

const INTERRUPTED = { code: "interrupted", message: "The studio restarted while this was running." };

/** Three edits of one upload, each of the step before's output. */
async function threeEdits(h: JobsHarness) {
  const photo = await uploadPhoto(h.store, A);
  const sepia = await runJob(h, A, [photo.id], { prompt: "make it sepia", seed: 7 });
  const blur = await runJob(h, A, [sepia.outputs[0]!.id], { prompt: "blur it", seed: 8 });
  const rotate = await runJob(h, A, [blur.outputs[0]!.id], { prompt: "rotate it", seed: 9 });
  return [sepia, blur, rotate] as const;
}

describe.each(storeKinds)("on %s", (kind) => {
  const harnesses = useJobsHarness(kind);
  afterEach(() => harnesses.cleanup());

  describe("a replayed chain across a restart", () => {
    it("comes back interrupted at the step that was running, and that step's Retry finishes the chain", async () => {
      const h = await harnesses.open();
      const originals = await threeEdits(h);
      const [, blur] = originals;
      const crashing = h.createJobs({ store: dyingStore(h.store, { complete: (job) => job.replayOf === blur.generation.id }) });
      await crashing.replay(A, originals[2].outputs[0]!.id);
      await crashing.idle();
      await h.restart();

      expect(await h.store.runs.interruptUnfinished(INTERRUPTED)).toBe(1);
      const stopped = await replayedSteps(h.store, A);
      expect(stopped.map((step) => step.generation.status)).toEqual(["succeeded", "interrupted"]);
      const interrupted = stopped[1]!.generation;
      expect(interrupted.replayPlan).toEqual([{ generationId: originals[2].generation.id, fromOutput: 0 }]);

      await h.jobs.retry(A, interrupted.id);
      await h.jobs.idle();
      const steps = await replayedSteps(h.store, A);
      expect(steps.map((step) => step.generation.status)).toEqual(["succeeded", "interrupted", "succeeded", "succeeded"]);
      expect(steps[3]!.generation.inputImageIds).toEqual([steps[2]!.outputs[0]!.id]);
      expect(hashes(steps[3]!)).toEqual(hashes(originals[2]));
    });

    it("resumes at start-up a chain whose next step was never written, exactly once", async () => {
      const h = await harnesses.open();
      const originals = await threeEdits(h);
      const crashing = h.createJobs({ store: dyingStore(h.store, { continuation: true }) });
      await crashing.replay(A, originals[2].outputs[0]!.id);
      await crashing.idle();
      expect((await replayedSteps(h.store, A)).map((step) => step.generation.replayPlan?.length)).toEqual([2]);
      await h.restart();

      expect(await h.jobs.resumeReplays()).toBe(1);
      await h.jobs.idle();
      expect(await h.jobs.resumeReplays()).toBe(0);
      const steps = await replayedSteps(h.store, A);
      expect(steps.map((step) => step.generation.replayOf)).toEqual(originals.map((original) => original.generation.id));
      expect(steps.map(hashes)).toEqual(originals.map(hashes));
      expect(steps.map((step) => step.generation.replayPlan)).toEqual([null, null, null]);
    });
  });

  describe("a replayed step that a quota refuses", () => {
    it("is recorded as failed with the quota's sentence, never sent and not counted, and stays where the chain stopped", async () => {
      const h = await harnesses.open();
      const originals = await threeEdits(h);
      const calls = h.fake.requests().length;
      // The three originals count; two more images fit in the hour, the third step does not.
      const limited = h.createJobs({ quotas: { imagesPerHour: 5, imagesPerDay: null } });
      await limited.replay(A, originals[2].outputs[0]!.id);
      await limited.idle();

      const steps = await replayedSteps(h.store, A);
      expect(steps.map((step) => step.generation.status)).toEqual(["succeeded", "succeeded", "failed"]);
      const refused = steps[2]!.generation;
      expect(refused).toMatchObject({
        replayOf: originals[2].generation.id,
        inputImageIds: [steps[1]!.outputs[0]!.id],
        errorCode: "quota_exceeded",
        startedAt: null,
        replayPlan: null,
      });
      expect(refused.errorMessage).toMatch(/You've made 5 images in the last hour/);
      expect(h.fake.requests()).toHaveLength(calls + 2);

      // Retry is refused by the same quota, recording nothing; with room again, it runs the step.
      const refusal = await limited.retry(A, refused.id).catch((error: unknown) => error);
      expect(isQuotaError(refusal)).toBe(true);
      await h.jobs.retry(A, refused.id);
      await h.jobs.idle();
      const after = await replayedSteps(h.store, A);
      expect(after).toHaveLength(4);
      expect(hashes(after[3]!)).toEqual(hashes(originals[2]));
    });

    it("stops with a sentence when an image the next step needs was deleted meanwhile, and refuses its Retry", async () => {
      const h = await harnesses.open();
      const photo = await uploadPhoto(h.store, A);
      const texture = await uploadPhoto(h.store, A, 200, 300);
      const sepia = await runJob(h, A, [photo.id], { prompt: "make it sepia [fault:slow:300]", seed: 7 });
      const blend = await runJob(h, A, [sepia.outputs[0]!.id, texture.id], { prompt: "blend them", seed: 8 });

      const first = await h.jobs.replay(A, blend.outputs[0]!.id);
      // While the first step runs, the texture goes, and so does the only step that used it.
      await h.store.images.delete(A, texture.id);
      await h.store.generations.dismiss(A, blend.generation.id);
      await h.jobs.idle();

      const steps = await replayedSteps(h.store, A);
      expect(steps.map((step) => step.generation.id)[0]).toBe(first!.id);
      expect(steps[1]!.generation).toMatchObject({
        status: "failed",
        replayOf: blend.generation.id,
        errorCode: "not_found",
        errorMessage: "An image this replay step needs has been deleted, so the chain stopped here.",
        inputImageIds: [steps[0]!.outputs[0]!.id],
      });
      await expect(h.jobs.retry(A, steps[1]!.generation.id)).rejects.toMatchObject({ code: "invalid_input" });
      expect(await h.store.images.get(A, texture.id)).toBeNull();
    });
  });
});
