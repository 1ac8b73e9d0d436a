import type { GalleryItemView } from "@/lib/shared/gallery/view";
import { FILTER_NAMES, filterCounts, GALLERY_FILTERS, queueOf, type GalleryFilter } from "./filters";

interface GalleryFiltersProps {
  items: GalleryItemView[];
  filter: GalleryFilter;
  onFilterChange: (filter: GalleryFilter) => void;
}

/** Which images the wall shows, each with how many it holds (of the pages loaded), and the queue. */
export function GalleryFilters({ items, filter, onFilterChange }: GalleryFiltersProps) {
  const counts = filterCounts(items);
  const queue = queueOf(items);
  return (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <div role="group" aria-label="Show" className="flex flex-wrap gap-1 py-0.5">
        {GALLERY_FILTERS.map((name) => (
          <button
            key={name}
            type="button"
            aria-pressed={filter === name}
            onClick={() => onFilterChange(name)}
            className="inline-flex h-8 shrink-0 items-center gap-1.5 rounded-full border border-zinc-300 px-2.5 text-xs sm:px-3 font-medium text-zinc-700 transition-colors hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 aria-pressed:border-zinc-900 aria-pressed:bg-zinc-900 aria-pressed:text-white pointer-coarse:h-11 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800 dark:aria-pressed:border-zinc-100 dark:aria-pressed:bg-zinc-100 dark:aria-pressed:text-zinc-900"
          >
            {FILTER_NAMES[name]}
            <span className="tabular-nums">{counts[name]}</span>
          </button>
        ))}
      </div>
      <p role="status" aria-label="Queue" className="text-xs tabular-nums text-zinc-600 dark:text-zinc-300">
        {queue.running + queue.queued === 0
          ? ""
          : [queue.running > 0 && `${queue.running} generating`, queue.queued > 0 && `${queue.queued} waiting in the queue`].filter(Boolean).join(" · ")}
      </p>
    </div>
  );
}
