"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { BOARD_LIMITS, type BoardView } from "@/lib/shared/boards";
import { ActionFailure } from "@/components/studio/data/queries";
import { useBoardMutations } from "./board-data";

/** A name and "Create": the server says in a sentence why a name is refused (taken, too long…). */
export function NewBoardForm({ onCreated }: { onCreated?: (board: BoardView) => void }) {
  const { create } = useBoardMutations();
  const [name, setName] = useState("");
  const error = create.error instanceof ActionFailure ? create.error.message : create.error ? "The board could not be made; try again." : null;
  return (
    <form
      className="flex flex-col gap-1"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(name, {
          onSuccess: (board) => {
            setName("");
            onCreated?.(board);
          },
        });
      }}
    >
      <label htmlFor="new-board-name" className="text-sm font-medium">
        New board
      </label>
      <div className="flex gap-2">
        <input
          id="new-board-name"
          value={name}
          maxLength={BOARD_LIMITS.nameMaxLength}
          onChange={(event) => setName(event.target.value)}
          placeholder="Board name"
          className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <Button type="submit" className="px-3 py-1.5" disabled={create.isPending || name.trim() === ""}>
          Create
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </form>
  );
}
