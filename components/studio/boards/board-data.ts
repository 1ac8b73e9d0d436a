"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import {
  addToBoard,
  createBoard,
  createShareLink,
  deleteBoard,
  removeFromBoard,
  renameBoard,
  revokeShareLink,
  setAutoAddBoard,
} from "@/app/actions";
import { API_ROUTES, galleryPath, type GalleryFilterState } from "@/lib/shared/api-routes";
import type { BoardView, ShareLinkView, ShareTargetInput } from "@/lib/shared/boards";
import type { GalleryPageView } from "@/lib/shared/gallery/view";
import { fetchResult } from "@/components/studio/data/fetch-result";
import { studioKeys, unwrap, type GalleryData } from "@/components/studio/data/queries";

/** Boards, share links and filtered gallery views, under the studio's own key root (a resync refreshes them). */
export const boardKeys = {
  boards: () => [...studioKeys.all, "boards"] as const,
  shares: () => [...studioKeys.all, "shares"] as const,
  filteredViews: () => [...studioKeys.all, "filtered-gallery"] as const,
  filtered: (filter: GalleryFilterState) => [...boardKeys.filteredViews(), filter] as const,
};

/** Fresh from the page and kept so: every board change below asks again, nothing else does. */
export function useBoards(initialBoards?: BoardView[]) {
  return useQuery({
    queryKey: boardKeys.boards(),
    queryFn: () => unwrap(fetchResult<BoardView[]>(API_ROUTES.boards)),
    initialData: initialBoards,
    staleTime: Infinity,
  });
}

export function useShareLinks() {
  return useQuery({
    queryKey: boardKeys.shares(),
    queryFn: () => unwrap(fetchResult<ShareLinkView[]>(API_ROUTES.shares)),
    staleTime: Infinity,
  });
}

/** The gallery narrowed on the server (search, model, dates, favourites, a board), paged like the whole one. */
export function useFilteredGallery(filter: GalleryFilterState, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: boardKeys.filtered(filter),
    queryFn: ({ pageParam }) => unwrap(fetchResult<GalleryPageView>(galleryPath({ cursor: pageParam, filter }))),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled,
    staleTime: 5_000,
  });
}

/** Every gallery view the page holds (the whole one and any filtered one), written in place. */
const galleryViews = {
  queryKey: studioKeys.all,
  predicate: (query: { queryKey: readonly unknown[] }) => query.queryKey[1] === "gallery" || query.queryKey[1] === "filtered-gallery",
};

function updateGalleryViews(client: QueryClient, update: (page: GalleryPageView) => GalleryPageView): void {
  client.setQueriesData<GalleryData>(galleryViews, (data) => (data?.pages ? { ...data, pages: data.pages.map(update) } : data));
}

/**
 * A change the server has taken, written into the gallery views once more after every read of
 * them still in flight has ended: a read that began before the change (a resync, the next page)
 * answers without it. Reads are waited for rather than called off, since calling off a page load
 * would leave the gallery short of the page asked for.
 */
export async function writeAfterGalleryReads(client: QueryClient, write: () => void): Promise<void> {
  write();
  if (client.isFetching(galleryViews) === 0) return;
  await new Promise<void>((settled) => {
    const stop = () => {
      unsubscribe();
      clearTimeout(bound);
      settled();
    };
    const unsubscribe = client.getQueryCache().subscribe(() => {
      if (client.isFetching(galleryViews) === 0) stop();
    });
    // A read that never ends (a lost connection) must not hold the change back for ever.
    const bound = setTimeout(stop, 30_000);
  });
  write();
}

/** Which boards an image is on, as every held gallery page records it. */
export function setImageBoards(client: QueryClient, imageIds: readonly string[], change: (boards: string[]) => string[]): void {
  updateGalleryViews(client, (page) => {
    const boards = { ...(page.organised?.boards ?? {}) };
    for (const id of imageIds) boards[id] = change(boards[id] ?? []);
    return { ...page, organised: { favourites: page.organised?.favourites ?? [], boards } };
  });
}

export function setFavouriteInViews(client: QueryClient, imageId: string, favourite: boolean): void {
  updateGalleryViews(client, (page) => {
    const favourites = (page.organised?.favourites ?? []).filter((id) => id !== imageId);
    return { ...page, organised: { boards: page.organised?.boards ?? {}, favourites: favourite ? [...favourites, imageId] : favourites } };
  });
}

/** Each board change, then the lists it touches asked again. */
export function useBoardMutations() {
  const client = useQueryClient();
  const refreshed = () => {
    void client.invalidateQueries({ queryKey: boardKeys.boards() });
    void client.invalidateQueries({ queryKey: boardKeys.shares() });
    void client.invalidateQueries({ queryKey: boardKeys.filteredViews() });
  };
  return {
    create: useMutation({ mutationFn: (name: string) => unwrap(createBoard({ name })), onSuccess: refreshed }),
    rename: useMutation({ mutationFn: (input: { boardId: string; name: string }) => unwrap(renameBoard(input)), onSuccess: refreshed }),
    remove: useMutation({
      mutationFn: (boardId: string) => unwrap(deleteBoard(boardId)),
      onSuccess: (_output, boardId) => {
        setImageBoards(client, Object.keys(allBoardsOf(client)), (boards) => boards.filter((id) => id !== boardId));
        refreshed();
      },
    }),
    // One board at most catches new results, so ticking one unticks the others. A board list
    // fetched before the server took the choice (one a new board or a resync started) would
    // answer with the old choice: those in flight are called off before the tick is written, and
    // again before the server's confirmation is, so the list never shows the old choice after it.
    autoAdd: useMutation({
      mutationFn: (boardId: string | null) => unwrap(setAutoAddBoard({ boardId })),
      onMutate: async (boardId) => {
        await client.cancelQueries({ queryKey: boardKeys.boards() });
        const before = client.getQueryData<BoardView[]>(boardKeys.boards());
        writeAutoAdd(client, boardId);
        return { before };
      },
      onSuccess: async ({ boardId }) => {
        await client.cancelQueries({ queryKey: boardKeys.boards() });
        writeAutoAdd(client, boardId);
      },
      onError: (_error, _boardId, context) => client.setQueryData(boardKeys.boards(), context?.before),
      onSettled: refreshed,
    }),
    add: useMutation({
      mutationFn: (input: { boardId: string; imageIds: string[] }) => unwrap(addToBoard(input)),
      onSuccess: (_output, input) => {
        setImageBoards(client, input.imageIds, (boards) => (boards.includes(input.boardId) ? boards : [...boards, input.boardId]));
        refreshed();
      },
    }),
    take: useMutation({
      mutationFn: (input: { boardId: string; imageIds: string[] }) => unwrap(removeFromBoard(input)),
      onSuccess: (_output, input) => {
        setImageBoards(client, input.imageIds, (boards) => boards.filter((id) => id !== input.boardId));
        refreshed();
      },
    }),
    share: useMutation({ mutationFn: (input: ShareTargetInput) => unwrap(createShareLink(input)), onSuccess: refreshed }),
    revoke: useMutation({ mutationFn: (linkId: string) => unwrap(revokeShareLink(linkId)), onSuccess: refreshed }),
  };
}

function writeAutoAdd(client: QueryClient, boardId: string | null): void {
  client.setQueryData<BoardView[]>(boardKeys.boards(), (boards) => boards?.map((board) => ({ ...board, autoAdd: board.id === boardId })));
}

export function allBoardsOf(client: QueryClient): Record<string, string[]> {
  const merged: Record<string, string[]> = {};
  for (const [, data] of client.getQueriesData<GalleryData>({ queryKey: studioKeys.gallery() })) {
    for (const page of data?.pages ?? []) Object.assign(merged, page.organised?.boards);
  }
  return merged;
}
