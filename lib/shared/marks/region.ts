import { z } from "zod";
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

const coordinate = z.number().finite().min(0).max(COORDINATE_MAX);
const point = z.tuple([coordinate, coordinate]);

export const regionStroke = z.strictObject({
  /** Half the brush's width, in the original's pixels. */
  radius: z.number().finite().min(0.5).max(1_000),
  points: z.array(point).min(1).max(REGION_POINTS_MAX, `A brush stroke holds at most ${REGION_POINTS_MAX} points.`),
});

export const regionBox = z.strictObject({
  x: coordinate,
  y: coordinate,
  width: z.number().finite().min(1).max(COORDINATE_MAX),
  height: z.number().finite().min(1).max(COORDINATE_MAX),
});

export const keepRegion = z
  .strictObject({
    /** The clean original the result is composited onto. */
    imageId: recordId,
    width: z.number().int().min(1).max(COORDINATE_MAX),
    height: z.number().int().min(1).max(COORDINATE_MAX),
    /** How many pixels the edge of the region blends over, outward and inward. */
    feather: z.number().int().min(0).max(REGION_FEATHER_MAX, `The feather is at most ${REGION_FEATHER_MAX} pixels.`),
    strokes: z.array(regionStroke).max(REGION_STROKES_MAX, `At most ${REGION_STROKES_MAX} brush strokes.`),
    boxes: z.array(regionBox).max(REGION_BOXES_MAX, `At most ${REGION_BOXES_MAX} boxes.`),
  })
  .refine((region) => region.strokes.length + region.boxes.length > 0, "Paint a region first.");
export type KeepRegion = z.infer<typeof keepRegion>;

/** What became of one output: put onto the original, or kept as the model returned it, and why. */
export const regionOutcome = z.union([
  z.strictObject({ composited: z.literal(true), resized: z.boolean() }),
  z.strictObject({ composited: z.literal(false), reason: z.string().max(300) }),
]);
export type RegionOutcome = z.infer<typeof regionOutcome>;

/** Aspect ratios within this fraction of each other count as the same shape: the output is resized. */
export const ASPECT_TOLERANCE = 0.01;
