"use client";

import { useState } from "react";
import { readImageDragData } from "@/components/studio/tray/drag";
import { useBoardMutations, useBoards } from "./board-data";

/**
 * While a gallery picture is dragged, each board is a place to drop it on: it joins that board
 * instead of the tray. Shown inside the page's drop overlay, so it sits above everything.
 */
export function BoardDropTargets() {
  const boards = useBoards();
  const { add } = useBoardMutations();
  const [over, setOver] = useState<string | null>(null);
  if (!boards.data?.length) return null;
  return (
    <div className="mt-6 flex flex-col items-center gap-2">
      <p className="text-base">…or drop it on a board</p>
      <ul className="flex flex-wrap justify-center gap-2" aria-label="Boards to drop on">
        {boards.data.map((board) => (
          <li
            key={board.id}
            data-board-drop={board.id}
            onDragOver={(event) => {
              event.preventDefault();
              event.dataTransfer.dropEffect = "copy";
              setOver(board.id);
            }}
            onDragLeave={() => setOver((current) => (current === board.id ? null : current))}
            onDrop={(event) => {
              const image = readImageDragData(event.dataTransfer);
              if (!image) return;
              event.preventDefault();
              event.stopPropagation();
              add.mutate({ boardId: board.id, imageIds: [image.id] });
            }}
            className={`rounded-xl border-2 px-5 py-4 text-base font-medium ${
              over === board.id ? "border-sky-500 bg-sky-100 dark:bg-sky-900" : "border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900"
            }`}
          >
            {board.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
