"use client";

import dynamic from "next/dynamic";
import { withLazyPart } from "@/components/studio/lazy/lazy-part";
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import type { GalleryFilterState } from "@/lib/shared/api-routes";
import type { BoardView, ShareTargetInput } from "@/lib/shared/boards";
import { useBoards } from "./board-data";

/** Boards, sharing and the board picker open on a click, never with the first paint. */
const BoardsDialog = withLazyPart(dynamic(() => import("./boards-dialog").then((module) => module.BoardsDialog), { ssr: false }));
const ShareDialog = withLazyPart(dynamic(() => import("./share-dialog").then((module) => module.ShareDialog), { ssr: false }));
const BoardPicker = withLazyPart(dynamic(() => import("./board-picker").then((module) => module.BoardPicker), { ssr: false }));

export interface ShareRequest {
  target: ShareTargetInput;
  /** What is shared, in words: "Result 1 of “a fox”", "Board “Moodboard”". */
  label: string;
}

interface Organise {
  filter: GalleryFilterState;
  setFilter: (filter: GalleryFilterState) => void;
  openBoards: () => void;
  share: (request: ShareRequest) => void;
  /** The board menu for these images: which boards they are on, and a new one. */
  pickBoards: (imageIds: string[], label: string) => void;
}

const OrganiseContext = createContext<Organise | null>(null);

export function useOrganise(): Organise {
  const organise = useContext(OrganiseContext);
  if (!organise) throw new Error("useOrganise needs an OrganiseProvider above it.");
  return organise;
}

/** Holds the gallery's filter and the open board and share dialogs, for every part of the studio. */
/** Whether any filter narrows the gallery (the server's filtered view then replaces the whole one). */
export function isFiltering(filter: GalleryFilterState): boolean {
  return Object.values(filter).some((value) => value !== undefined && value !== false && value !== "");
}

export function OrganiseProvider({ initialBoards, children }: { initialBoards: BoardView[]; children: ReactNode }) {
  // The page arrives with the boards, so the filter's board list needs no request of its own.
  useBoards(initialBoards);
  const [filter, setFilter] = useState<GalleryFilterState>({});
  const [boardsOpen, setBoardsOpen] = useState(false);
  const [sharing, setSharing] = useState<ShareRequest | null>(null);
  const [picking, setPicking] = useState<{ imageIds: string[]; label: string } | null>(null);
  const value = useMemo<Organise>(
    () => ({
      filter,
      setFilter,
      openBoards: () => setBoardsOpen(true),
      share: setSharing,
      pickBoards: (imageIds, label) => setPicking({ imageIds, label }),
    }),
    [filter],
  );
  return (
    <OrganiseContext.Provider value={value}>
      {children}
      {boardsOpen && (
        <BoardsDialog
          onClose={() => setBoardsOpen(false)}
          onShowBoard={(board) => {
            setFilter({ board });
            setBoardsOpen(false);
          }}
          onShare={(request) => setSharing(request)}
        />
      )}
      {sharing && <ShareDialog request={sharing} onClose={() => setSharing(null)} />}
      {picking && <BoardPicker imageIds={picking.imageIds} label={picking.label} onClose={() => setPicking(null)} />}
    </OrganiseContext.Provider>
  );
}
