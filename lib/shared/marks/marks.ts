import * as z from "@/lib/shared/zod";
import { REGION_BOXES_MAX, REGION_FEATHER_DEFAULT, REGION_FEATHER_MAX, REGION_POINTS_MAX, REGION_STROKES_MAX } from "./region";

/**
 * Marks a person puts on a tray image: painted strokes and boxes (a region), numbered arrows and
 * short text labels (pointers). Coordinates are the image's own pixels, so the marks land on the
 * same places whatever size the picture is shown at.
 */

export const MARK_COLOURS = { red: "#ff1f1f", magenta: "#ff00d4", cyan: "#00e5ff", yellow: "#ffe600" } as const;
export type MarkColour = keyof typeof MARK_COLOURS;
export const LABEL_MAX_CHARS = 40;
export const ARROWS_MAX = 20;
export const LABELS_MAX = 20;
export const NOTE_MAX_CHARS = 600;

const coordinate = z.number().check(z.minimum(0), z.maximum(6_000));
const point = z.tuple([coordinate, coordinate]);

export const mark = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("stroke"),
    radius: z.number().check(z.minimum(0.5), z.maximum(1_000)),
    points: z.array(point).check(z.minLength(1), z.maxLength(REGION_POINTS_MAX)),
  }),
  z.strictObject({
    kind: z.literal("box"),
    x: coordinate,
    y: coordinate,
    width: z.number().check(z.minimum(1), z.maximum(6_000)),
    height: z.number().check(z.minimum(1), z.maximum(6_000)),
  }),
  z.strictObject({ kind: z.literal("arrow"), from: point, to: point }),
  z.strictObject({ kind: z.literal("label"), at: point, text: z.string().check(z.trim(), z.minLength(1), z.maxLength(LABEL_MAX_CHARS)) }),
]);
export type Mark = z.infer<typeof mark>;
export type StrokeMark = Extract<Mark, { kind: "stroke" }>;
export type BoxMark = Extract<Mark, { kind: "box" }>;

/** How the marks reach the model: a marked copy in the original's place, or the original plus the copy. */
export const MARK_DELIVERIES = ["marked-copy", "original-and-copy"] as const;
export type MarkDelivery = (typeof MARK_DELIVERIES)[number];

export const markSettings = z.strictObject({
  colour: z.enum(Object.keys(MARK_COLOURS) as [MarkColour, ...MarkColour[]]),
  delivery: z.enum(MARK_DELIVERIES),
  /** Put everything outside the painted region back from the original after the result arrives. */
  keepOutside: z.boolean(),
  feather: z.number().check(z.int(), z.minimum(0), z.maximum(REGION_FEATHER_MAX)),
});
export type MarkSettings = z.infer<typeof markSettings>;

export const DEFAULT_MARK_SETTINGS: MarkSettings = { colour: "red", delivery: "marked-copy", keepOutside: true, feather: REGION_FEATHER_DEFAULT };

export const markList = z
  .array(mark)
  .check(
    z.maxLength(REGION_STROKES_MAX + REGION_BOXES_MAX + ARROWS_MAX + LABELS_MAX),
    z.refine((marks) => marks.filter((entry) => entry.kind === "stroke").length <= REGION_STROKES_MAX, `At most ${REGION_STROKES_MAX} brush strokes.`),
    z.refine((marks) => marks.filter((entry) => entry.kind === "box").length <= REGION_BOXES_MAX, `At most ${REGION_BOXES_MAX} boxes.`),
    z.refine((marks) => marks.filter((entry) => entry.kind === "arrow").length <= ARROWS_MAX, `At most ${ARROWS_MAX} arrows.`),
    z.refine((marks) => marks.filter((entry) => entry.kind === "label").length <= LABELS_MAX, `At most ${LABELS_MAX} labels.`),
  );
