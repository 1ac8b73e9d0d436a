import type { ImageView } from "@/lib/shared/gallery/view";
import { hasRegion, regionOf, unionOfRegions } from "@/lib/shared/marks/note";
import { INPUT_IMAGES_MAX } from "@/lib/shared/seedream/limits";
import type { StartGenerationInput } from "@/lib/shared/start-generation";
import type { AppliedMarks } from "./marks-state";

export class MarkedRunError extends Error {}

/**
 * The edit as it is sent: each marked image replaced by its marked copy, or followed (after every
 * tray image, so the numbers the prompt uses stay put) by it; and every painted region, as one on
 * the first painted image in tray order, to keep everything outside of.
 */
export function markedRun(input: StartGenerationInput, tray: readonly ImageView[], applied: readonly AppliedMarks[]): StartGenerationInput {
  const byImage = new Map(applied.map((entry) => [entry.imageId, entry]));
  const inTray = tray.flatMap((image) => {
    const entry = byImage.get(image.id);
    return entry && input.inputImageIds.includes(image.id) ? [{ image, entry }] : [];
  });
  if (inTray.length === 0) return input;
  const copies: string[] = [];
  const inputImageIds = input.inputImageIds.map((id) => {
    const entry = byImage.get(id);
    if (!entry) return id;
    if (entry.settings.delivery === "marked-copy") return entry.copy.id;
    copies.push(entry.copy.id);
    return id;
  });
  const sent = [...inputImageIds, ...copies];
  if (sent.length > INPUT_IMAGES_MAX) {
    throw new MarkedRunError(
      `With the marked copies this edit would send ${sent.length} images, more than the ${INPUT_IMAGES_MAX} it takes: send a marked copy in its original's place, or remove an image.`,
    );
  }
  const painted = inTray.filter(({ entry }, index) => entry.settings.keepOutside && hasRegion(entry.marks) && inTray.findIndex((each) => each.entry === entry) === index);
  const region = unionOfRegions(painted.flatMap(({ image, entry }) => regionOf(image, entry.marks, entry.settings.feather) ?? []));
  return { ...input, inputImageIds: sent, ...(region ? { region } : {}) };
}
