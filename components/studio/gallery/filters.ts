import { isPending, type GalleryItemView, type GenerationView } from "@/lib/shared/gallery/view";
import { EDIT_MODEL } from "@/lib/shared/seedream/limits";

/** The gallery's views: everything, made from a prompt, made from inputs, pictures brought in, failures. */
export const GALLERY_FILTERS = ["all", "results", "edits", "uploads", "failed"] as const;
export type GalleryFilter = (typeof GALLERY_FILTERS)[number];

export const FILTER_NAMES: Record<GalleryFilter, string> = {
  all: "All",
  results: "Results",
  edits: "Edits",
  uploads: "Uploads",
  failed: "Failed",
};

const isFailure = (generation: GenerationView) => generation.status === "failed" || generation.status === "canceled";

export function matchesFilter(item: GalleryItemView, filter: GalleryFilter): boolean {
  if (filter === "all") return true;
  if (item.kind === "upload") return filter === "uploads";
  const { generation } = item;
  if (filter === "failed") return isFailure(generation);
  if (filter === "uploads") return false;
  // Results and edits hold the jobs that worked or are on their way, each by what they were made from.
  if (isFailure(generation)) return false;
  return (generation.model === EDIT_MODEL) === (filter === "edits");
}

/**
 * What the gallery lists: deleted images and their emptied jobs left out, and a failed job someone
 * retried hidden behind its retry (the retry took its place when it was started).
 */
export function visibleItems(items: readonly GalleryItemView[], hiddenIds: ReadonlySet<string>): GalleryItemView[] {
  const retried = new Set(items.flatMap((item) => (item.kind === "generation" && item.generation.retryOf ? [item.generation.retryOf] : [])));
  return items.filter((item) => {
    if (item.kind === "upload") return !hiddenIds.has(item.image.id);
    const { generation } = item;
    if (isFailure(generation) && retried.has(generation.id)) return false;
    return generation.status !== "succeeded" || generation.outputs.some((image) => !hiddenIds.has(image.id));
  });
}

export function filterCounts(items: readonly GalleryItemView[]): Record<GalleryFilter, number> {
  return Object.fromEntries(GALLERY_FILTERS.map((filter) => [filter, items.filter((item) => matchesFilter(item, filter)).length])) as Record<
    GalleryFilter,
    number
  >;
}

/** Jobs on their way, for the queue line above the gallery. */
export function queueOf(items: readonly GalleryItemView[]): { running: number; queued: number } {
  const pending = items.flatMap((item) => (item.kind === "generation" && isPending(item.generation) ? [item.generation] : []));
  return { running: pending.filter((generation) => generation.status === "running").length, queued: pending.filter((g) => g.status === "queued").length };
}
