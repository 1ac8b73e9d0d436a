"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog, DialogCloseButton, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { allBoardsOf, useBoardMutations, useBoards } from "./board-data";
import { NewBoardForm } from "./new-board-form";

interface BoardPickerProps {
  imageIds: string[];
  label: string;
  onClose: () => void;
}

/** The board menu of one image (or a selection): tick a board to put it there, untick to take it off. */
export function BoardPicker({ imageIds, label, onClose }: BoardPickerProps) {
  const client = useQueryClient();
  const boards = useBoards();
  const { add, take } = useBoardMutations();
  const [on, setOn] = useState(() => {
    const known = allBoardsOf(client);
    const lists = imageIds.map((id) => new Set(known[id] ?? []));
    return new Set((boards.data ?? []).map((board) => board.id).filter((id) => lists.every((list) => list.has(id))));
  });
  const toggle = (boardId: string, checked: boolean) => {
    setOn((current) => {
      const next = new Set(current);
      if (checked) next.add(boardId);
      else next.delete(boardId);
      return next;
    });
    (checked ? add : take).mutate({ boardId, imageIds });
  };
  // The boards list may arrive after the picker opened: what the gallery knows fills it in then.
  const known = allBoardsOf(client);
  const isOn = (boardId: string) => on.has(boardId) || imageIds.every((id) => (known[id] ?? []).includes(boardId));
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent aria-describedby="board-picker-description">
        <div className="flex items-start justify-between gap-3">
          <DialogTitle>Boards for {label}</DialogTitle>
          <DialogCloseButton />
        </div>
        <DialogDescription id="board-picker-description" className="mt-1">
          An image can be on several boards.
        </DialogDescription>
        <fieldset className="mt-4 flex flex-col gap-2">
          <legend className="sr-only">Boards</legend>
          {boards.isPending && <p role="status">Loading boards…</p>}
          {boards.data?.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-300">No boards yet: make one below.</p>}
          {boards.data?.map((board) => (
            <label key={board.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={isOn(board.id)} onChange={(event) => toggle(board.id, event.target.checked)} className="size-4" />
              {board.name}
            </label>
          ))}
        </fieldset>
        <div className="mt-4">
          <NewBoardForm onCreated={(board) => toggle(board.id, true)} />
        </div>
      </DialogContent>
    </Dialog>
  );
}
