import type { ImageView } from "@/lib/shared/gallery/view";
import type { Mark, MarkSettings } from "@/lib/shared/marks/marks";

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
