"use client";

import { Button } from "@/components/ui/button";
import { Dialog, DialogCloseButton, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { useBoardMutations, useBoards, useShareLinks } from "./board-data";
import { BoardRow } from "./board-row";
import { NewBoardForm } from "./new-board-form";
import type { ShareRequest } from "./organise-context";
import { ShareUrl } from "./share-url";

interface BoardsDialogProps {
  onClose: () => void;
  onShowBoard: (boardId: string) => void;
  onShare: (request: ShareRequest) => void;
}

/** Every board and every live share link of the visitor, in one place. */
export function BoardsDialog({ onClose, onShowBoard, onShare }: BoardsDialogProps) {
  const boards = useBoards();
  const links = useShareLinks();
  const { revoke } = useBoardMutations();
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent aria-describedby="boards-dialog-description" className="sm:max-w-lg">
        <div className="flex items-start justify-between gap-3">
          <DialogTitle>Boards and share links</DialogTitle>
          <DialogCloseButton />
        </div>
        <DialogDescription id="boards-dialog-description" className="mt-1">
          Boards collect images; deleting a board keeps its images. A share link shows one image, lineage or board, view only.
        </DialogDescription>
        <div className="mt-4">
          <NewBoardForm />
        </div>
        <section aria-labelledby="boards-heading" className="mt-5">
          <h3 id="boards-heading" className="text-sm font-semibold">
            Boards
          </h3>
          {boards.isPending && <p role="status">Loading boards…</p>}
          {boards.data?.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-300">No boards yet.</p>}
          <ul className="mt-2 flex flex-col gap-2">
            {boards.data?.map((board) => <BoardRow key={board.id} board={board} onShow={onShowBoard} onShare={onShare} />)}
          </ul>
        </section>
        <section aria-labelledby="links-heading" className="mt-5">
          <h3 id="links-heading" className="text-sm font-semibold">
            Share links
          </h3>
          {links.data?.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-300">No live links.</p>}
          <ul className="mt-2 flex flex-col gap-3" aria-label="Share links">
            {links.data?.map((link) => (
              <li key={link.id} className="flex flex-col gap-1.5" aria-label={link.title}>
                <p className="truncate text-sm">{link.title}</p>
                <ShareUrl token={link.token} label={link.title} />
                <Button variant="secondary" className="self-start px-2.5 py-1 text-xs" onClick={() => revoke.mutate(link.id)} aria-label={`Revoke the link to ${link.title}`}>
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        </section>
      </DialogContent>
    </Dialog>
  );
}
