import * as z from "@/lib/shared/zod";
import { recordId } from "@/lib/shared/records";

/**
 * The region a person painted on an input, as the server keeps it: shapes in the original image's
 * own pixels, so the mask can be drawn again at any time and the lineage can show it. Everything
 * outside the region (past the feather) is put back from the original after the result arrives.
 */

export const REGION_FEATHER_MAX = 64;
export const REGION_FEATHER_DEFAULT = 4;
export const REGION_STROKES_MAX = 200;
export const REGION_POINTS_MAX = 2_000;
export const REGION_BOXES_MAX = 50;
/** The API's input side limit: a region is never drawn on anything larger. */
const COORDINATE_MAX = 6_000;

const coordinate = z.number().check(z.minimum(0), z.maximum(COORDINATE_MAX));
const point = z.tuple([coordinate, coordinate]);

export const regionStroke = z.strictObject({
  /** Half the brush's width, in the original's pixels. */
  radius: z.number().check(z.minimum(0.5), z.maximum(1_000)),
  points: z.array(point).check(z.minLength(1), z.maxLength(REGION_POINTS_MAX, `A brush stroke holds at most ${REGION_POINTS_MAX} points.`)),
});

export const regionBox = z.strictObject({
  x: coordinate,
  y: coordinate,
  width: z.number().check(z.minimum(1), z.maximum(COORDINATE_MAX)),
  height: z.number().check(z.minimum(1), z.maximum(COORDINATE_MAX)),
});

export const keepRegion = z
  .strictObject({
    /** The clean original the result is composited onto. */
    imageId: recordId,
    width: z.number().check(z.int(), z.minimum(1), z.maximum(COORDINATE_MAX)),
    height: z.number().check(z.int(), z.minimum(1), z.maximum(COORDINATE_MAX)),
    /** How many pixels the edge of the region blends over, outward and inward. */
    feather: z.number().check(z.int(), z.minimum(0), z.maximum(REGION_FEATHER_MAX, `The feather is at most ${REGION_FEATHER_MAX} pixels.`)),
    strokes: z.array(regionStroke).check(z.maxLength(REGION_STROKES_MAX, `At most ${REGION_STROKES_MAX} brush strokes.`)),
    boxes: z.array(regionBox).check(z.maxLength(REGION_BOXES_MAX, `At most ${REGION_BOXES_MAX} boxes.`)),
  })
  .check(z.refine((region) => region.strokes.length + region.boxes.length > 0, "Paint a region first."));
export type KeepRegion = z.infer<typeof keepRegion>;

/** What became of one output: put onto the original, or kept as the model returned it, and why. */
export const regionOutcome = z.union([
  z.strictObject({ composited: z.literal(true), resized: z.boolean() }),
  z.strictObject({ composited: z.literal(false), reason: z.string().check(z.maxLength(300)) }),
]);
export type RegionOutcome = z.infer<typeof regionOutcome>;

/** Aspect ratios within this fraction of each other count as the same shape: the output is resized. */
export const ASPECT_TOLERANCE = 0.01;
