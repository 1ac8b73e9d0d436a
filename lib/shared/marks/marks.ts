import { z } from "zod";
import type { ImageView } from "@/lib/shared/gallery/view";
import { REGION_BOXES_MAX, REGION_FEATHER_DEFAULT, REGION_FEATHER_MAX, REGION_POINTS_MAX, REGION_STROKES_MAX, type KeepRegion } from "./region";

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

const coordinate = z.number().finite().min(0).max(6_000);
const point = z.tuple([coordinate, coordinate]);

export const mark = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("stroke"), radius: z.number().finite().min(0.5).max(1_000), points: z.array(point).min(1).max(REGION_POINTS_MAX) }),
  z.strictObject({ kind: z.literal("box"), x: coordinate, y: coordinate, width: z.number().min(1).max(6_000), height: z.number().min(1).max(6_000) }),
  z.strictObject({ kind: z.literal("arrow"), from: point, to: point }),
  z.strictObject({ kind: z.literal("label"), at: point, text: z.string().trim().min(1).max(LABEL_MAX_CHARS) }),
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
  feather: z.number().int().min(0).max(REGION_FEATHER_MAX),
});
export type MarkSettings = z.infer<typeof markSettings>;

export const DEFAULT_MARK_SETTINGS: MarkSettings = { colour: "red", delivery: "marked-copy", keepOutside: true, feather: REGION_FEATHER_DEFAULT };

export const markList = z
  .array(mark)
  .max(REGION_STROKES_MAX + REGION_BOXES_MAX + ARROWS_MAX + LABELS_MAX)
  .refine((marks) => marks.filter((entry) => entry.kind === "stroke").length <= REGION_STROKES_MAX, `At most ${REGION_STROKES_MAX} brush strokes.`)
  .refine((marks) => marks.filter((entry) => entry.kind === "box").length <= REGION_BOXES_MAX, `At most ${REGION_BOXES_MAX} boxes.`)
  .refine((marks) => marks.filter((entry) => entry.kind === "arrow").length <= ARROWS_MAX, `At most ${ARROWS_MAX} arrows.`)
  .refine((marks) => marks.filter((entry) => entry.kind === "label").length <= LABELS_MAX, `At most ${LABELS_MAX} labels.`);

export const hasRegion = (marks: readonly Mark[]) => marks.some((entry) => entry.kind === "stroke" || entry.kind === "box");

/** The painted region, for the server to keep everything outside it; null when nothing is painted. */
export function regionOf(image: Pick<ImageView, "id" | "width" | "height">, marks: readonly Mark[], feather: number): KeepRegion | null {
  if (!hasRegion(marks)) return null;
  const strokes = marks.flatMap((entry) => (entry.kind === "stroke" ? [{ radius: entry.radius, points: entry.points }] : []));
  const boxes = marks.flatMap((entry) => (entry.kind === "box" ? [{ x: entry.x, y: entry.y, width: entry.width, height: entry.height }] : []));
  return { imageId: image.id, width: image.width, height: image.height, feather, strokes, boxes };
}

/** Arrow numbers are their order among the arrows: the picture and the note count the same way. */
export function arrowNumbers(marks: readonly Mark[]): Map<Mark, number> {
  let count = 0;
  return new Map(marks.flatMap((entry) => (entry.kind === "arrow" ? [[entry, (count += 1)] as const] : [])));
}

/**
 * The short note the prompt gets, in "image N" words so it follows the tray's order (see
 * lib/shared/prompt/mentions.ts). `copyNumber` is where the marked copy sits when it is sent beside
 * the original. The person can edit it before it is sent.
 */
export function machineNote(marks: readonly Mark[], settings: Pick<MarkSettings, "colour" | "delivery">, imageNumber: number, copyNumber?: number): string {
  const colour = settings.colour;
  const marked = settings.delivery === "original-and-copy" && copyNumber ? `image ${copyNumber}` : `image ${imageNumber}`;
  const parts: string[] = [];
  if (settings.delivery === "original-and-copy" && copyNumber) parts.push(`Image ${copyNumber} is image ${imageNumber} with ${colour} marks.`);
  const painted = marks.some((entry) => entry.kind === "stroke");
  const boxed = marks.some((entry) => entry.kind === "box");
  if (painted || boxed) {
    const how = painted && boxed ? `painted or outlined in ${colour}` : painted ? `painted in ${colour}` : `outlined in ${colour}`;
    parts.push(`Change only the area ${how} in ${marked}.`);
  }
  const arrows = marks.filter((entry) => entry.kind === "arrow").length;
  if (arrows > 0) parts.push(arrows === 1 ? `The ${colour} arrow 1 in ${marked} points at what to change.` : `The ${colour} arrows 1–${arrows} in ${marked} point at what to change, in that order.`);
  const labels = marks.flatMap((entry) => (entry.kind === "label" ? [`“${entry.text}”`] : []));
  if (labels.length > 0) parts.push(`The ${colour} labels in ${marked} say ${labels.join(", ")}.`);
  parts.push(`Do not draw the ${colour} marks in the result.`);
  return parts.join(" ");
}

/** The prompt with `before` (the note last put in) swapped for `after`, or `after` added on a new line. */
export function withNote(prompt: string, before: string | null, after: string | null): string {
  const trimmed = prompt.replace(/\s+$/u, "");
  if (before && trimmed.includes(before)) {
    const replaced = trimmed.replace(before, after ?? "");
    return replaced.replace(/\n{3,}/gu, "\n\n").trim();
  }
  if (!after) return prompt;
  return trimmed ? `${trimmed}\n${after}` : after;
}
