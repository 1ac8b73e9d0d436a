"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { BOARD_LIMITS, type BoardView } from "@/lib/shared/boards";
import { ActionFailure } from "@/components/studio/data/queries";
import { useBoardMutations } from "./board-data";
import type { ShareRequest } from "./organise-context";

interface BoardRowProps {
  board: BoardView;
  onShow: (boardId: string) => void;
  onShare: (request: ShareRequest) => void;
}

const SMALL = "px-2.5 py-1 text-xs";

/** One board: show it in the gallery, let new results land on it, rename, share or delete it. */
export function BoardRow({ board, onShow, onShare }: BoardRowProps) {
  const { rename, remove, autoAdd } = useBoardMutations();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(board.name);
  // The tick the person just gave, shown in the same frame as the click (the list itself is
  // written a moment later), until the server has answered.
  const [picked, setPicked] = useState<boolean | null>(null);
  const failure = [rename.error, remove.error, autoAdd.error].find(Boolean);
  const label = `Board “${board.name}”`;
  return (
    <li className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" aria-label={label}>
      {renaming ? (
        <form
          className="flex gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            rename.mutate({ boardId: board.id, name }, { onSuccess: () => setRenaming(false) });
          }}
        >
          <input
            aria-label={`New name for ${label}`}
            value={name}
            maxLength={BOARD_LIMITS.nameMaxLength}
            onChange={(event) => setName(event.target.value)}
            className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          <Button type="submit" className={SMALL}>
            Save
          </Button>
        </form>
      ) : (
        <p className="flex items-baseline justify-between gap-2">
          <span className="truncate font-medium">{board.name}</span>
          <span className="shrink-0 text-xs tabular-nums text-zinc-600 dark:text-zinc-300">
            {board.imageCount === 1 ? "1 image" : `${board.imageCount} images`}
          </span>
        </p>
      )}
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4"
          checked={picked ?? board.autoAdd}
          onChange={(event) => {
            setPicked(event.target.checked);
            autoAdd.mutate(event.target.checked ? board.id : null, { onSettled: () => setPicked(null) });
          }}
        />
        Add new results to this board
      </label>
      <div className="flex flex-wrap gap-1.5">
        <Button variant="secondary" className={SMALL} onClick={() => onShow(board.id)} aria-label={`Show ${label}`}>
          Show
        </Button>
        <Button variant="secondary" className={SMALL} onClick={() => onShare({ target: { kind: "board", boardId: board.id }, label })} aria-label={`Share ${label}`}>
          Share
        </Button>
        <Button variant="secondary" className={SMALL} onClick={() => setRenaming((open) => !open)} aria-label={`Rename ${label}`}>
          Rename
        </Button>
        <Button variant="secondary" className={`${SMALL} text-red-700 dark:text-red-300`} onClick={() => remove.mutate(board.id)} aria-label={`Delete ${label}`}>
          Delete
        </Button>
      </div>
      {failure && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {failure instanceof ActionFailure ? failure.message : "That did not work; try again."}
        </p>
      )}
    </li>
  );
}
