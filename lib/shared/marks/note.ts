import type { ImageView } from "@/lib/shared/gallery/view";
import type { Mark, MarkSettings } from "./marks";
import type { KeepRegion } from "./region";

/**
 * What marks mean once drawn: the region they paint, the arrows' numbers, and the note the prompt
 * gets. No schemas here: the page loads this with its first paint, the schemas only on demand.
 */

export const hasRegion = (marks: readonly Mark[]) => marks.some((entry) => entry.kind === "stroke" || entry.kind === "box");

/** The painted region, for the server to keep everything outside it; null when nothing is painted. */
export function regionOf(image: Pick<ImageView, "id" | "width" | "height">, marks: readonly Mark[], feather: number): KeepRegion | null {
  if (!hasRegion(marks)) return null;
  const strokes = marks.flatMap((entry) => (entry.kind === "stroke" ? [{ radius: entry.radius, points: entry.points }] : []));
  const boxes = marks.flatMap((entry) => (entry.kind === "box" ? [{ x: entry.x, y: entry.y, width: entry.width, height: entry.height }] : []));
  return { imageId: image.id, width: image.width, height: image.height, feather, strokes, boxes };
}

/**
 * Every painted region of one edit as one region on the first painted image, which the result is
 * put onto. A region drawn on another input is scaled from that input's pixels to the first's (the
 * brush by the larger factor, so it covers at least as much): dropping it would put the original
 * back over an area the person asked to change, while keeping it only lets more of the result through.
 */
export function unionOfRegions(regions: readonly KeepRegion[]): KeepRegion | null {
  const [base, ...rest] = regions;
  if (!base) return null;
  const scaled = rest.map((region) => {
    const x = base.width / region.width;
    const y = base.height / region.height;
    const brush = Math.max(x, y);
    return {
      strokes: region.strokes.map(({ radius, points }) => ({
        radius: radius * brush,
        points: points.map(([px, py]) => [px * x, py * y] as [number, number]),
      })),
      boxes: region.boxes.map((box) => ({ x: box.x * x, y: box.y * y, width: box.width * x, height: box.height * y })),
    };
  });
  return {
    ...base,
    feather: Math.max(...regions.map((region) => region.feather)),
    strokes: [...base.strokes, ...scaled.flatMap((region) => region.strokes)],
    boxes: [...base.boxes, ...scaled.flatMap((region) => region.boxes)],
  };
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
