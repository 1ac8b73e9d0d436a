import type { ImageView } from "@/lib/shared/gallery/view";
import type { Mark, MarkSettings } from "@/lib/shared/marks/marks";
import { hasRegion, regionOf, unionOfRegions } from "@/lib/shared/marks/note";
import { INPUT_IMAGES_MAX } from "@/lib/shared/seedream/limits";
import type { StartGenerationInput } from "@/lib/shared/start-generation";

/**
 * Marks the person applied to tray images, kept beside the tray across reloads: the marks, how they
 * go out, the note put into the prompt, and the marked copy already uploaded (what is sent).
 */
export const MARKS_STORAGE_KEY = "seedream-studio.marks";
/** Marks on images no longer in the tray are dropped oldest first past this many. */
const KEPT_MAX = 20;

export interface AppliedMarks {
  imageId: string;
  marks: Mark[];
  settings: MarkSettings;
  note: string;
  copy: MarkedCopy;
}

/** What the tray needs of the uploaded marked copy: its id to send, its thumbnail to show. */
export type MarkedCopy = Pick<ImageView, "id" | "url" | "thumbnailUrl" | "width" | "height" | "fileName">;

/** Newest last; the same image marked again replaces its entry. */
export function withApplied(list: readonly AppliedMarks[], imageId: string, applied: AppliedMarks | null): AppliedMarks[] {
  const rest = list.filter((entry) => entry.imageId !== imageId);
  return (applied ? [...rest, applied] : rest).slice(-KEPT_MAX);
}

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
