import { QueryClient, QueryObserver, InfiniteQueryObserver } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { boardKeys } from "@/components/studio/boards/board-data";
import { applyLiveEvent } from "@/components/studio/data/live-cache";
import { studioKeys, type GalleryData } from "@/components/studio/data/queries";
import type { BoardView } from "@/lib/shared/boards";
import type { GalleryPageView, GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { imageView } from "./support/lineage-fixtures";

function job(status: GenerationView["status"], outputs: ImageView[] = []): GenerationView {
  return {
    id: "gen-new",
    status,
    model: "bytedance/seedream-v4-text-to-image",
    prompt: "Harbour at dusk",
    parameters: { image_size: "square_hd", num_images: 1 } as GenerationView["parameters"],
    inputImageIds: [],
    error: null,
    creditsUsed: null,
    seed: null,
    createdAt: 2,
    startedAt: null,
    finishedAt: null,
    retryOf: null,
    replayOf: null,
    requestId: null,
    outputs,
  };
}

const board = (id: string, autoAdd: boolean, imageCount: number): BoardView => ({ id, name: id, autoAdd, imageCount, createdAt: 1 });
const page = (items: GalleryPageView["items"]): GalleryPageView => ({ items, nextCursor: null, organised: { favourites: [], boards: {} } });

const unsubscribes: (() => void)[] = [];
afterEach(() => unsubscribes.splice(0).forEach((unsubscribe) => unsubscribe()));

/** A page with the whole gallery, a board view on screen, and the board list, each answered by a counting stand-in server. */
function studioPage(serverBoards: () => BoardView[]) {
  const client = new QueryClient();
  const asked = { filtered: 0, boards: 0 };
  client.setQueryData<GalleryData>(studioKeys.gallery(), { pages: [page([])], pageParams: [null] });
  const filtered = new InfiniteQueryObserver(client, {
    queryKey: boardKeys.filtered({ board: "b-auto" }),
    queryFn: async () => {
      asked.filtered += 1;
      return page([]);
    },
    initialPageParam: null as string | null,
    getNextPageParam: () => null,
    staleTime: Infinity,
  });
  const boards = new QueryObserver(client, {
    queryKey: boardKeys.boards(),
    queryFn: async () => {
      asked.boards += 1;
      return serverBoards();
    },
    staleTime: Infinity,
  });
  unsubscribes.push(filtered.subscribe(() => undefined), boards.subscribe(() => undefined));
  return { client, asked };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("live events on the visitor's filtered view and boards", () => {
  it("a filtered view on screen asks the server again on every change the stream announces", async () => {
    const { client, asked } = studioPage(() => [board("b-auto", false, 0)]);
    await settle();
    const before = asked.filtered;
    expect(before).toBe(1);

    applyLiveEvent(client, { type: "generation", generation: job("queued") });
    await settle();
    expect(asked.filtered).toBe(2);
    applyLiveEvent(client, { type: "images-added", images: [imageView("up-1", null)] });
    await settle();
    expect(asked.filtered).toBe(3);
    applyLiveEvent(client, { type: "image-deleted", imageId: "up-1" });
    await settle();
    expect(asked.filtered).toBe(4);
  });

  it("a result auto-added to a board shows that board on its card and the board's count is asked again, once", async () => {
    let onServer = [board("b-auto", true, 2), board("b-other", false, 5)];
    const { client, asked } = studioPage(() => onServer);
    await settle();
    const boardsAskedAtLoad = asked.boards;

    applyLiveEvent(client, { type: "generation", generation: job("running") });
    await settle();
    expect(asked.boards).toBe(boardsAskedAtLoad);

    onServer = [board("b-auto", true, 3), board("b-other", false, 5)];
    const done = job("succeeded", [imageView("out-1", "gen-new")]);
    applyLiveEvent(client, { type: "generation", generation: done });
    await settle();
    const organised = client.getQueryData<GalleryData>(studioKeys.gallery())!.pages[0]!.organised!;
    expect(organised.boards["out-1"]).toEqual(["b-auto"]);
    expect(asked.boards).toBe(boardsAskedAtLoad + 1);
    expect(client.getQueryData<BoardView[]>(boardKeys.boards())!.find((held) => held.id === "b-auto")!.imageCount).toBe(3);

    // Heard again (another tab, a resumed stream): nothing more to do.
    applyLiveEvent(client, { type: "generation", generation: done });
    await settle();
    expect(organised.boards["out-1"]).toEqual(["b-auto"]);
    expect(client.getQueryData<GalleryData>(studioKeys.gallery())!.pages[0]!.organised!.boards["out-1"]).toEqual(["b-auto"]);
    expect(asked.boards).toBe(boardsAskedAtLoad + 1);
  });

  it("without an auto-add board a result is on no board, and a deletion asks for the counts again", async () => {
    const { client, asked } = studioPage(() => [board("b-auto", false, 1)]);
    await settle();
    const boardsAskedAtLoad = asked.boards;
    applyLiveEvent(client, { type: "generation", generation: job("succeeded", [imageView("out-2", "gen-new")]) });
    await settle();
    expect(client.getQueryData<GalleryData>(studioKeys.gallery())!.pages[0]!.organised!.boards["out-2"]).toBeUndefined();
    expect(asked.boards).toBe(boardsAskedAtLoad);

    applyLiveEvent(client, { type: "image-deleted", imageId: "out-2" });
    await settle();
    expect(asked.boards).toBe(boardsAskedAtLoad + 1);
  });
});
