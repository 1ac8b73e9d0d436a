"use client";

import type { QueryClient } from "@tanstack/react-query";
import type { BoardView } from "@/lib/shared/boards";
import type { GenerationView } from "@/lib/shared/gallery/view";
import { allBoardsOf, boardKeys, setImageBoards } from "./board-data";

/**
 * A filtered view (search, a board, favourites) is the server's answer to a question a change may
 * alter, so it is asked again rather than patched: a new result that matches, or lands on the
 * board shown, appears; a deleted one goes. Only the view on screen refetches; others are marked stale.
 */
export function refreshFilteredViews(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: boardKeys.filteredViews() });
}

/**
 * A finished job's outputs, as the auto-add board received them on the server: each card shows
 * the board at once, and the board list asks again for its counts. Announced more than once (a
 * resumed stream, another tab), the second announcement changes nothing.
 */
export function placeOnAutoAddBoard(client: QueryClient, generation: GenerationView): void {
  if (generation.status !== "succeeded" || generation.outputs.length === 0) return;
  const autoAdd = client.getQueryData<BoardView[]>(boardKeys.boards())?.find((board) => board.autoAdd);
  if (!autoAdd) return;
  const known = allBoardsOf(client);
  const arriving = generation.outputs.map((output) => output.id).filter((id) => !(known[id] ?? []).includes(autoAdd.id));
  if (arriving.length === 0) return;
  setImageBoards(client, arriving, (boards) => (boards.includes(autoAdd.id) ? boards : [...boards, autoAdd.id]));
  void client.invalidateQueries({ queryKey: boardKeys.boards() });
}

/** A deleted image leaves every board it was on: their counts are asked again. */
export function refreshBoardCounts(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: boardKeys.boards() });
}
