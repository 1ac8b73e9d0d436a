import "server-only";
import type { BoardView, ShareLinkView } from "@/lib/shared/boards";
import type { BoardRecord, BoardSummary, ShareLinkRecord, Store } from "@/lib/server/store";

export function toBoardView(board: BoardSummary | BoardRecord): BoardView {
  return {
    id: board.id,
    name: board.name,
    autoAdd: board.autoAdd,
    imageCount: "imageCount" in board ? board.imageCount : 0,
    createdAt: board.createdAt,
  };
}

/** The visitor's live links, each with what it shows in words. */
export async function shareLinkViews(store: Store, visitorId: string, links: readonly ShareLinkRecord[]): Promise<ShareLinkView[]> {
  const boardNames = new Map((await store.boards.list(visitorId)).map((board) => [board.id, board.name]));
  return Promise.all(
    links.map(async (link): Promise<ShareLinkView> => {
      const title = link.kind === "board" ? `Board “${boardNames.get(link.boardId ?? "") ?? "?"}”` : await imageTitle(store, link);
      return { id: link.id, token: link.token, kind: link.kind, title, imageId: link.imageId, boardId: link.boardId, createdAt: link.createdAt };
    }),
  );
}

async function imageTitle(store: Store, link: ShareLinkRecord): Promise<string> {
  const image = link.imageId ? await store.images.get(link.visitorId, link.imageId) : null;
  const generation = image?.generationId ? await store.generations.get(link.visitorId, image.generationId) : null;
  const what = generation ? `“${generation.prompt.slice(0, 60)}”` : "an uploaded picture";
  return link.kind === "lineage" ? `Lineage of ${what}` : `Image ${what}`;
}
