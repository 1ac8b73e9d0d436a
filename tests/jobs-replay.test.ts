import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { REPLAY_MAX_STEPS, REPLAY_SENTENCES } from "@/lib/server/jobs";
import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import { chain } from "./support/family-steps";
import { uploadPhoto, useJobsHarness } from "./support/jobs-harness";
import { storeKinds } from "./support/store-kinds";
import { hashes, replayedParameters, replayedSteps, runJob } from "./support/replay-steps";

const A = "visitor-a-replay-0000";
const B = "visitor-b-replay-0000";

describe.each(storeKinds)("on %s", (kind) => {
  const harnesses = useJobsHarness(kind);
  afterEach(() => harnesses.cleanup());

  describe("Replay chain", () => {
    it("re-runs three edits of an upload one after another, same prompts and seeds, each from the step before", async () => {
      const h = await harnesses.open();
      const photo = await uploadPhoto(h.store, A);
      const texture = await uploadPhoto(h.store, A, 200, 300);
      const sepia = await runJob(h, A, [photo.id], { prompt: "make it sepia", seed: 7 });
      // No seed asked for: the provider picks one and reports it, and the replay must use that one.
      const blend = await runJob(h, A, [sepia.outputs[0]!.id, texture.id], { prompt: "blend image 2 into image 1", num_images: 2 });
      const blur = await runJob(h, A, [blend.outputs[1]!.id], { prompt: "blur it", seed: 9 });
      const originals = [sepia, blend, blur];
      expect(blend.generation.parameters.seed).toBeUndefined();
      expect(blend.generation.seed).toEqual(expect.any(Number));
      h.fake.clearRequests();

      const first = await h.jobs.replay(A, blur.outputs[0]!.id);
      expect(first).toMatchObject({
        status: "queued",
        replayOf: sepia.generation.id,
        inputImageIds: [photo.id],
        replayPlan: [
          { generationId: blend.generation.id, fromOutput: 0 },
          { generationId: blur.generation.id, fromOutput: 1 },
        ],
      });
      await h.jobs.idle();

      const steps = await replayedSteps(h.store, A);
      expect(steps.map((step) => step.generation.id)[0]).toBe(first!.id);
      expect(steps.map((step) => step.generation.replayOf)).toEqual(originals.map((original) => original.generation.id));
      for (const [index, step] of steps.entries()) {
        const original = originals[index]!.generation;
        expect(step.generation).toMatchObject({
          status: "succeeded",
          model: EDIT_MODEL,
          prompt: original.prompt,
          parameters: replayedParameters(original),
          seed: original.seed,
          replayPlan: null,
        });
        // The offline engine is deterministic: a faithful replay draws the very same pixels.
        expect(hashes(step)).toEqual(hashes(originals[index]!));
        if (index > 0) expect(step.generation.createdAt).toBeGreaterThanOrEqual(steps[index - 1]!.generation.finishedAt!);
      }
      const [sepia2, blend2, blur2] = steps;
      expect(blend2!.generation.inputImageIds).toEqual([sepia2!.outputs[0]!.id, texture.id]);
      expect(blur2!.generation.inputImageIds).toEqual([blend2!.outputs[1]!.id]);
      expect(h.fake.requests().map((request) => [request.prompt, request.body?.seed])).toEqual(
        originals.map((original) => [original.generation.prompt, original.generation.seed]),
      );
    });

    it("replays a text-to-image start too, and continues from the output the original path took", async () => {
      const h = await harnesses.open();
      const start = await runJob(h, A, [], { prompt: "a lighthouse at dusk", num_images: 2, seed: 5 });
      const edit = await runJob(h, A, [start.outputs[1]!.id], { prompt: "rotate it", seed: 3 });

      const first = await h.jobs.replay(A, edit.outputs[0]!.id);
      expect(first).toMatchObject({ model: TEXT_TO_IMAGE_MODEL, inputImageIds: [], parameters: replayedParameters(start.generation) });
      await h.jobs.idle();

      const [start2, edit2] = await replayedSteps(h.store, A);
      expect(hashes(start2!)).toEqual(hashes(start));
      expect(edit2!.generation).toMatchObject({ replayOf: edit.generation.id, inputImageIds: [start2!.outputs[1]!.id] });
      expect(hashes(edit2!)).toEqual(hashes(edit));
    });

    it("stops at a failed step, and that step's Retry carries the rest of the chain on", async () => {
      const h = await harnesses.open();
      const photo = await uploadPhoto(h.store, A);
      // Slow enough to pass the normal deadline, too slow for the hasty runner below.
      const slow = await runJob(h, A, [photo.id], { prompt: "make it sepia [fault:slow:400]", seed: 7 });
      const blur = await runJob(h, A, [slow.outputs[0]!.id], { prompt: "blur it", seed: 9 });

      const hasty = h.createJobs({ deadlineMs: 150 });
      const first = await hasty.replay(A, blur.outputs[0]!.id);
      await hasty.idle();
      const stopped = await replayedSteps(h.store, A);
      expect(stopped.map((step) => step.generation.status)).toEqual(["failed"]);
      expect(stopped[0]!.generation).toMatchObject({ errorCode: "provider_timeout", replayPlan: [{ generationId: blur.generation.id }] });

      const retry = await h.jobs.retry(A, first!.id);
      expect(retry).toMatchObject({ retryOf: first!.id, replayOf: slow.generation.id, replayPlan: [{ generationId: blur.generation.id }] });
      await h.jobs.idle();

      const steps = await replayedSteps(h.store, A);
      expect(steps.map((step) => [step.generation.id, step.generation.status])).toEqual([
        [first!.id, "failed"],
        [retry!.id, "succeeded"],
        [expect.any(String), "succeeded"],
      ]);
      expect(steps[2]!.generation).toMatchObject({ replayOf: blur.generation.id, inputImageIds: [steps[1]!.outputs[0]!.id] });
      expect(hashes(steps[2]!)).toEqual(hashes(blur));
      // The plan moved to the retry: retrying the failed step again re-runs that step alone.
      expect((await h.store.generations.get(A, first!.id))?.replayPlan).toBeNull();
      const again = await h.jobs.retry(A, first!.id);
      expect(again?.replayPlan).toBeNull();
      await h.jobs.idle();
      expect(await replayedSteps(h.store, A)).toHaveLength(4);
    });

    it("answers another visitor's image like a missing one, and refuses an upload with a sentence", async () => {
      const h = await harnesses.open();
      const photo = await uploadPhoto(h.store, A);
      const sepia = await runJob(h, A, [photo.id], { prompt: "make it sepia", seed: 7 });
      const calls = h.fake.requests().length;

      expect(await h.jobs.replay(B, sepia.outputs[0]!.id)).toBeNull();
      expect(await h.jobs.replay(A, randomUUID())).toBeNull();
      await expect(h.jobs.replay(A, photo.id)).rejects.toMatchObject({ code: "invalid_input", message: REPLAY_SENTENCES.upload });
      await h.jobs.idle();
      expect(h.fake.requests()).toHaveLength(calls);
      expect(await replayedSteps(h.store, A)).toEqual([]);
      expect(await replayedSteps(h.store, B)).toEqual([]);
    });

    it(`re-runs at most ${REPLAY_MAX_STEPS} steps, and says so for a longer chain`, async () => {
      const h = await harnesses.open();
      const photo = await uploadPhoto(h.store, A);
      const steps = await chain(h.store, A, photo.id, REPLAY_MAX_STEPS + 1);

      await expect(h.jobs.replay(A, steps.at(-1)!.outputs[0]!.id)).rejects.toMatchObject({
        code: "invalid_input",
        message: REPLAY_SENTENCES.tooLong,
      });
      expect(await replayedSteps(h.store, A)).toEqual([]);

      const longest = await h.jobs.replay(A, steps.at(-2)!.outputs[0]!.id);
      expect(longest).toMatchObject({ replayOf: steps[0]!.generation.id, inputImageIds: [photo.id] });
      expect(longest!.replayPlan).toHaveLength(REPLAY_MAX_STEPS - 1);
      expect(longest!.replayPlan!.at(-1)).toEqual({ generationId: steps.at(-2)!.generation.id, fromOutput: 0 });
      await h.jobs.cancel(A, longest!.id);
      await h.jobs.idle();
      expect(await replayedSteps(h.store, A)).toHaveLength(1);
    }, 60_000);
  });
});
