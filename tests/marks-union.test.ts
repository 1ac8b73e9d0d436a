import { describe, expect, it } from "vitest";
import type { AppliedMarks } from "@/components/studio/marks/marks-state";
import { markedRun } from "@/components/studio/marks/marked-run";
import { compositeInsideRegion } from "@/lib/server/marks/composite";
import { DEFAULT_MARK_SETTINGS, type Mark } from "@/lib/shared/marks/marks";
import type { KeepRegion } from "@/lib/shared/marks/region";
import { startGenerationInput } from "@/lib/shared/start-generation";
import { numberedId, uploadView } from "./support/image-views";
import { noisePng, photoLikePng } from "./support/build-test-images";
import { differencesOutside } from "./support/region-pixels";

/**
 * Several painted inputs in one edit: every region is kept, as one region on the first painted
 * image. Outside their union nothing changes; inside each of them the result shows.
 */
const id = numberedId;
const image = uploadView;

function applied(n: number, marks: Mark[], feather: number): AppliedMarks {
  return { imageId: id(n), marks, settings: { ...DEFAULT_MARK_SETTINGS, feather }, note: "note", copy: image(100 + n, 10, 10) };
}

const LEFT: Mark = { kind: "stroke", radius: 14, points: [[40, 60], [110, 80]] };
const RIGHT_BOX: Mark = { kind: "box", x: 220, y: 140, width: 60, height: 50 };
/** On an input twice the size: the same place as a 40×30 box at (30, 170) on the first. */
const LOWER_BOX: Mark = { kind: "box", x: 60, y: 340, width: 80, height: 60 };

const only = (base: KeepRegion, shapes: Pick<KeepRegion, "strokes" | "boxes">): KeepRegion => ({ ...base, ...shapes });

describe("an edit with more than one painted input", () => {
  it("keeps every painted region, scaled onto the first painted image, and the composite keeps exactly the outside of their union", async () => {
    const tray = [image(1, 320, 240), image(2, 320, 240), image(3, 640, 480)];
    const marks = [applied(1, [LEFT], 2), applied(2, [RIGHT_BOX], 3), applied(3, [LOWER_BOX], 1)];
    const sent = markedRun({ settings: { prompt: "make it glow" }, inputImageIds: [id(1), id(2), id(3)] }, tray, marks);
    const region = sent.region!;
    expect(startGenerationInput.safeParse(sent).success).toBe(true);
    expect(region).toEqual({
      imageId: id(1),
      width: 320,
      height: 240,
      feather: 3,
      strokes: [{ radius: 14, points: [[40, 60], [110, 80]] }],
      boxes: [
        { x: 220, y: 140, width: 60, height: 50 },
        { x: 30, y: 170, width: 40, height: 30 },
      ],
    });

    const original = await photoLikePng(320, 240);
    const output = { bytes: await noisePng(320, 240, 1), mime: "image/png" as const, width: 320, height: 240 };
    const { image: kept, outcome } = await compositeInsideRegion(original, output, region);
    expect(outcome).toEqual({ composited: true, resized: false });
    const margin = region.feather * Math.SQRT2 + 1;
    const outside = await differencesOutside(original, kept.bytes, region, margin);
    expect(outside.compared).toBeGreaterThan(50_000);
    expect(outside.differing).toBe(0);
    // Each painted region shows the result, not only the first one.
    for (const shapes of [{ strokes: region.strokes, boxes: [] }, { strokes: [], boxes: [region.boxes[0]!] }, { strokes: [], boxes: [region.boxes[1]!] }]) {
      const inside = await differencesOutside(original, kept.bytes, only(region, shapes), margin);
      expect(inside.inside).toBeGreaterThan(100);
      expect(inside.changedInside / inside.inside).toBeGreaterThan(0.95);
    }
  });

  it("counts an image that is in the tray twice once", () => {
    const tray = [image(1, 320, 240), image(1, 320, 240)];
    const sent = markedRun({ settings: { prompt: "x" }, inputImageIds: [id(1), id(1)] }, tray, [applied(1, [LEFT], 2)]);
    expect(sent.region).toEqual({ imageId: id(1), width: 320, height: 240, feather: 2, strokes: [{ radius: 14, points: [[40, 60], [110, 80]] }], boxes: [] });
  });
});
