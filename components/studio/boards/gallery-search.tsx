"use client";

import { useEffect, useState } from "react";
import type { GalleryFilterState } from "@/lib/shared/api-routes";
import { MODEL_SPECS, STUDIO_MODELS } from "@/lib/shared/seedream/models";
import { useBoards } from "./board-data";
import { isFiltering, useOrganise } from "./organise-context";

const FIELD =
  "h-8 rounded-lg border border-zinc-300 bg-white px-2 text-xs text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
const CHIP =
  "inline-flex h-8 items-center rounded-full border border-zinc-300 px-3 text-xs font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 aria-pressed:border-zinc-900 aria-pressed:bg-zinc-900 aria-pressed:text-white dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800 dark:aria-pressed:bg-zinc-100 dark:aria-pressed:text-zinc-900";

/** A `<input type="date">` value as the local day's first millisecond, and back. */
function dayStart(value: string): number | undefined {
  if (!value) return undefined;
  const [year, month, day] = value.split("-").map(Number);
  return new Date(year!, month! - 1, day!).getTime();
}
function dayOf(millis: number | undefined): string {
  if (millis === undefined) return "";
  const date = new Date(millis);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}
const DAY_MS = 86_400_000;

/**
 * Search and filters above the gallery: prompt words, model, a range of days, favourites and one
 * board. The server narrows the gallery, so it stays paged and virtualized however large it is.
 */
export function GallerySearch() {
  const { filter, setFilter, openBoards } = useOrganise();
  const boards = useBoards();
  const [words, setWords] = useState(filter.q ?? "");
  // Typing settles for a moment before the gallery is asked again.
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((filter.q ?? "") !== words) setFilter({ ...filter, q: words || undefined });
    }, 300);
    return () => clearTimeout(timer);
  }, [words, filter, setFilter]);
  const change = (patch: Partial<GalleryFilterState>) => setFilter({ ...filter, ...patch });
  const active = isFiltering(filter);
  return (
    <search aria-label="Search and filter the gallery" className="flex flex-wrap items-center gap-2">
      <input
        type="search"
        aria-label="Search images"
        placeholder="Search by prompt words"
        value={words}
        maxLength={200}
        onChange={(event) => setWords(event.target.value)}
        className={`${FIELD} w-44`}
      />
      <select aria-label="Model" value={filter.model ?? ""} onChange={(event) => change({ model: event.target.value || undefined })} className={FIELD}>
        <option value="">All models</option>
        {STUDIO_MODELS.map((model) => (
          <option key={model} value={model}>
            {MODEL_SPECS[model].name}
          </option>
        ))}
      </select>
      <input type="date" aria-label="Made from" value={dayOf(filter.since)} onChange={(event) => change({ since: dayStart(event.target.value) })} className={FIELD} />
      <input
        type="date"
        aria-label="Made until"
        value={dayOf(filter.before === undefined ? undefined : filter.before - DAY_MS)}
        onChange={(event) => {
          const start = dayStart(event.target.value);
          change({ before: start === undefined ? undefined : start + DAY_MS });
        }}
        className={FIELD}
      />
      <button type="button" aria-pressed={filter.favourites === true} onClick={() => change({ favourites: !filter.favourites || undefined })} className={CHIP}>
        ★ Favourites
      </button>
      <select aria-label="Board" value={filter.board ?? ""} onChange={(event) => change({ board: event.target.value || undefined })} className={FIELD}>
        <option value="">All boards</option>
        {boards.data?.map((board) => (
          <option key={board.id} value={board.id}>
            {board.name}
          </option>
        ))}
      </select>
      <button type="button" onClick={openBoards} className={CHIP}>
        Manage boards
      </button>
      {active && (
        <button
          type="button"
          onClick={() => {
            setWords("");
            setFilter({});
          }}
          className={CHIP}
        >
          Clear filters
        </button>
      )}
    </search>
  );
}
