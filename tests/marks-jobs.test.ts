import { afterEach, describe, expect, it } from "vitest";
import type { KeepRegion } from "@/lib/shared/marks/region";
import { unzipSync } from "fflate";
import { exportSession } from "@/lib/server/export/session-export";
import { lineageDocument } from "@/lib/shared/lineage/document";
import { startGenerationInput } from "@/lib/shared/start-generation";
import { differencesOutside } from "./support/region-pixels";
import { storeKinds } from "./support/store-kinds";
import { uploadPhoto, useJobsHarness, waitForStatus } from "./support/jobs-harness";

const A = "visitor-a-marks-0000000";
const B = "visitor-b-marks-0000000";

const regionOn = (imageId: string, width: number, height: number): KeepRegion => ({
  imageId,
  width,
  height,
  feather: 3,
  strokes: [{ radius: 20, points: [[60, 60], [200, 90]] }],
  boxes: [{ x: 120, y: 140, width: 60, height: 50 }],
});

describe.each(storeKinds)("on %s", (kind) => {
  const harnesses = useJobsHarness(kind);
  afterEach(() => harnesses.cleanup());

  describe("an edit with a painted region", () => {
    it("stores a PNG whose pixels outside the region are the original's, and records the region and outcome", async () => {
      const h = await harnesses.open();
      const upload = await uploadPhoto(h.store, A, 320, 240);
      const region = regionOn(upload.id, 320, 240);
      // The offline engine (behind the fake) inverts every pixel at 1024×768, the original's shape.
      const input = startGenerationInput.parse({
        settings: { prompt: "invert", image_size: "landscape_4_3", seed: 5 },
        inputImageIds: [upload.id],
        region,
      });
      const queued = await h.jobs.start(A, input);
      const done = await waitForStatus(h.store, A, queued.id, "succeeded");

      expect(done.region).toEqual(region);
      expect(done.regionOutcomes).toEqual([{ composited: true, resized: true }]);
      const [output] = (await h.store.generations.withOutputs(A, queued.id))!.outputs;
      expect(output).toMatchObject({ mime: "image/png", width: 320, height: 240 });
      const original = (await h.store.images.read(A, upload.id))!;
      const stored = (await h.store.images.read(A, output!.id))!;
      const counts = await differencesOutside(original, stored, region, region.feather * Math.SQRT2 + 1);
      expect(counts.compared).toBeGreaterThan(40_000);
      expect(counts.differing).toBe(0);
      expect(counts.changedInside / counts.inside).toBeGreaterThan(0.95);

      // The session export's lineage records the mask with the generation, and validates.
      const exported = await exportSession(h.store, A);
      if (!exported.ok) throw new Error(exported.error.message);
      const zip = unzipSync(new Uint8Array(await new Response(exported.stream).arrayBuffer()));
      const document = lineageDocument.parse(JSON.parse(Buffer.from(zip["lineage.json"]!).toString("utf8")));
      expect(document.generations.find((entry) => entry.id === queued.id)).toMatchObject({
        region,
        regionOutcomes: [{ composited: true, resized: true }],
      });

      // Retry keeps the region: the new job composites the same way.
      const again = await h.jobs.retry(A, queued.id);
      expect((await waitForStatus(h.store, A, again!.id, "succeeded")).regionOutcomes).toEqual([{ composited: true, resized: true }]);
    });

    it("keeps the output as returned when the model answers in another shape, and says so", async () => {
      const h = await harnesses.open();
      const upload = await uploadPhoto(h.store, A, 320, 240);
      const queued = await h.jobs.start(A, {
        settings: { prompt: "invert", image_size: "square", seed: 5 },
        inputImageIds: [upload.id],
        region: regionOn(upload.id, 320, 240),
      });
      const done = await waitForStatus(h.store, A, queued.id, "succeeded");
      expect(done.regionOutcomes).toEqual([
        { composited: false, reason: "The model returned 512×512, another shape than the original's 320×240, so it was not put onto the original." },
      ]);
      const [output] = (await h.store.generations.withOutputs(A, queued.id))!.outputs;
      expect(output).toMatchObject({ width: 512, height: 512 });
    });

    it("refuses a region on someone else's image exactly like a missing input", async () => {
      const h = await harnesses.open();
      const mine = await uploadPhoto(h.store, A, 320, 240);
      const theirs = await uploadPhoto(h.store, B, 320, 240);
      await expect(
        h.jobs.start(A, { settings: { prompt: "invert" }, inputImageIds: [mine.id], region: regionOn(theirs.id, 320, 240) }),
      ).rejects.toMatchObject({ code: "not_found" });
      expect(h.fake.requests()).toHaveLength(0);
    });

    it("refuses an empty region, or one past its bounds, with a sentence", () => {
      const imageId = "0190a6c4-0000-7000-8000-0000000000aa";
      const base = { settings: { prompt: "x" }, inputImageIds: [imageId] };
      const empty = startGenerationInput.safeParse({ ...base, region: { ...regionOn(imageId, 10, 10), strokes: [], boxes: [] } });
      expect(empty.error?.issues[0]?.message).toBe("Paint a region first.");
      const wide = startGenerationInput.safeParse({ ...base, region: { ...regionOn(imageId, 10, 10), feather: 65 } });
      expect(wide.error?.issues[0]?.message).toBe("The feather is at most 64 pixels.");
    });
  });
});

