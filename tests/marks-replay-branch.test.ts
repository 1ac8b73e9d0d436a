import { afterEach, describe, expect, it } from "vitest";
import type { GenerationWithOutputs } from "@/lib/server/store";
import type { KeepRegion } from "@/lib/shared/marks/region";
import { differencesOutside } from "./support/region-pixels";
import { storeKinds } from "./support/store-kinds";
import { uploadPhoto, useJobsHarness, waitForStatus, type JobsHarness } from "./support/jobs-harness";
import { replayedSteps } from "./support/replay-steps";

/**
 * Replay chain and Try on another model re-run an edit made with a painted region: the new job
 * carries the region (on the input it was drawn on, which in a replayed chain is the new step's
 * own output) and keeps every pixel outside it, decoded, exactly the original's.
 */
const A = "visitor-a-marks-replay0";

const regionOn = (imageId: string): KeepRegion => ({
  imageId,
  width: 320,
  height: 240,
  feather: 2,
  strokes: [{ radius: 16, points: [[40, 50], [150, 70]] }],
  boxes: [{ x: 200, y: 130, width: 70, height: 60 }],
});

/** An edit kept outside its region; the offline engine behind the fake inverts at 1024×768, the inputs' shape. */
async function markedEdit(h: JobsHarness, inputImageId: string, prompt: string): Promise<GenerationWithOutputs> {
  const queued = await h.jobs.start(A, {
    settings: { prompt, image_size: "landscape_4_3", seed: 11 },
    inputImageIds: [inputImageId],
    region: regionOn(inputImageId),
  });
  await waitForStatus(h.store, A, queued.id, "succeeded");
  return (await h.store.generations.withOutputs(A, queued.id))!;
}

async function expectKeptOutside(h: JobsHarness, step: GenerationWithOutputs, originalId: string): Promise<void> {
  const region = step.generation.region!;
  expect(region.imageId).toBe(originalId);
  expect(step.generation.regionOutcomes).toEqual([{ composited: true, resized: true }]);
  const original = (await h.store.images.read(A, originalId))!;
  const output = (await h.store.images.read(A, step.outputs[0]!.id))!;
  const counts = await differencesOutside(original, output, region, region.feather * Math.SQRT2 + 1);
  expect(counts.compared).toBeGreaterThan(40_000);
  expect(counts.differing).toBe(0);
  expect(counts.changedInside / counts.inside).toBeGreaterThan(0.9);
}

describe.each(storeKinds)("on %s", (kind) => {
  const harnesses = useJobsHarness(kind);
  afterEach(() => harnesses.cleanup());

  describe("a marked edit run again", () => {
    it("replays a chain of two marked edits, each step keeping its region on the input it was drawn on", async () => {
      const h = await harnesses.open();
      const photo = await uploadPhoto(h.store, A, 320, 240);
      const first = await markedEdit(h, photo.id, "invert");
      const second = await markedEdit(h, first.outputs[0]!.id, "invert");

      await h.jobs.replay(A, second.outputs[0]!.id);
      await h.jobs.idle();
      const [step1, step2] = await replayedSteps(h.store, A);
      expect([step1?.generation.replayOf, step2?.generation.replayOf]).toEqual([first.generation.id, second.generation.id]);
      await expectKeptOutside(h, step1!, photo.id);
      // The second step's region follows its first input: now the replayed first step's output.
      expect(step2!.generation.inputImageIds).toEqual([step1!.outputs[0]!.id]);
      await expectKeptOutside(h, step2!, step1!.outputs[0]!.id);
      expect({ ...step2!.generation.region, imageId: null }).toEqual({ ...second.generation.region, imageId: null });
    });

    it("tries a marked edit on another model with the same region kept", async () => {
      const h = await harnesses.open();
      const photo = await uploadPhoto(h.store, A, 320, 240);
      const queued = await h.jobs.start(A, {
        // A custom 4:3 size that Seedream 4.5 takes as it is, so the branch answers in the original's shape.
        settings: { prompt: "invert", image_size: { width: 2400, height: 1800 }, seed: 11 },
        inputImageIds: [photo.id],
        region: regionOn(photo.id),
      });
      await waitForStatus(h.store, A, queued.id, "succeeded");

      const branch = await h.jobs.branch(A, queued.id, "seedream-4-5");
      await waitForStatus(h.store, A, branch!.id, "succeeded", 30_000);
      const done = (await h.store.generations.withOutputs(A, branch!.id))!;
      expect(done.generation.model).toBe("bytedance/seedream-4-5");
      expect(done.generation.region).toEqual(regionOn(photo.id));
      await expectKeptOutside(h, done, photo.id);
    });
  });
});

