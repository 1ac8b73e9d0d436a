import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { applyGeneration, settleOptimistic } from "@/components/studio/data/live-cache";
import { OPTIMISTIC_PREFIX, prependGeneration, studioKeys, type GalleryData } from "@/components/studio/data/queries";
import type { GenerationView } from "@/lib/shared/gallery/view";

function job(overrides: Partial<GenerationView>): GenerationView {
  return {
    id: "gen-1",
    status: "queued",
    model: "bytedance/seedream-v4-text-to-image",
    prompt: "Slow tide",
    parameters: { image_size: "square_hd", num_images: 1 } as GenerationView["parameters"],
    inputImageIds: [],
    error: null,
    creditsUsed: null,
    seed: null,
    createdAt: 1,
    startedAt: null,
    finishedAt: null,
    retryOf: null,
    replayOf: null,
    requestId: null,
    outputs: [],
    ...overrides,
  };
}

function galleryWithOlderJob(): QueryClient {
  const client = new QueryClient();
  const older = job({ id: "gen-0", prompt: "Older", status: "succeeded" });
  client.setQueryData<GalleryData>(studioKeys.gallery(), {
    pages: [{ items: [{ kind: "generation", generation: older }], nextCursor: null }],
    pageParams: [null],
  });
  return client;
}

const cardIds = (client: QueryClient) =>
  client
    .getQueryData<GalleryData>(studioKeys.gallery())!
    .pages.flatMap((page) => page.items)
    .map((item) => (item.kind === "generation" ? item.generation.id : item.image.id));

describe("a started job and its placeholder card", () => {
  it("when the stream announces the job before the start answers, the job takes the placeholder's place", () => {
    const client = galleryWithOlderJob();
    prependGeneration(client, job({ id: `${OPTIMISTIC_PREFIX}req-1`, requestId: null }));

    applyGeneration(client, job({ id: "gen-1", status: "running", requestId: "req-1" }));
    expect(cardIds(client)).toEqual(["gen-1", "gen-0"]);

    settleOptimistic(client, `${OPTIMISTIC_PREFIX}req-1`, job({ id: "gen-1", status: "queued", requestId: "req-1" }));
    expect(cardIds(client)).toEqual(["gen-1", "gen-0"]);
  });

  it("when the start answers first, its job replaces the placeholder and the later announcement updates it", () => {
    const client = galleryWithOlderJob();
    prependGeneration(client, job({ id: `${OPTIMISTIC_PREFIX}req-2` }));

    settleOptimistic(client, `${OPTIMISTIC_PREFIX}req-2`, job({ id: "gen-2", requestId: "req-2" }));
    applyGeneration(client, job({ id: "gen-2", status: "succeeded", requestId: "req-2" }));
    expect(cardIds(client)).toEqual(["gen-2", "gen-0"]);
  });

  it("a job another tab started is added on top, leaving this tab's own placeholder alone", () => {
    const client = galleryWithOlderJob();
    prependGeneration(client, job({ id: `${OPTIMISTIC_PREFIX}mine` }));

    applyGeneration(client, job({ id: "gen-3", requestId: "theirs" }));
    expect(cardIds(client)).toEqual(["gen-3", `${OPTIMISTIC_PREFIX}mine`, "gen-0"]);
  });
});
