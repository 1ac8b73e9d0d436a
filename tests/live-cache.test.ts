import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { addUploads, applyGeneration, settleOptimistic } from "@/components/studio/data/live-cache";
import { OPTIMISTIC_PREFIX, prependGeneration, studioKeys, type GalleryData } from "@/components/studio/data/queries";
import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { generationView } from "./support/generation-views";
import { uploadView } from "./support/image-views";

const job = (id: string, patch: Partial<GenerationView> = {}): GenerationView =>
  generationView(id, { status: "queued", prompt: "a stuck fox", startedAt: null, finishedAt: null, ...patch });

function galleryOf(...generations: GenerationView[]): QueryClient {
  const client = new QueryClient();
  const data: GalleryData = { pages: [{ items: generations.map((generation) => ({ kind: "generation", generation })), nextCursor: null }], pageParams: [null] };
  client.setQueryData(studioKeys.gallery(), data);
  return client;
}

const ids = (client: QueryClient) =>
  client
    .getQueryData<GalleryData>(studioKeys.gallery())!
    .pages.flatMap((page) => page.items)
    .map((item) => (item.kind === "generation" ? item.generation.id : item.image.id));

describe("a job announced before its start is answered", () => {
  it("takes its placeholder's place, and the answer then adds nothing: one card, never two", () => {
    const client = galleryOf(job(`${OPTIMISTIC_PREFIX}a`), job("older", { status: "succeeded", prompt: "a fox" }));
    applyGeneration(client, job("real-a", { status: "running" }));
    expect(ids(client)).toEqual(["real-a", "older"]);
    settleOptimistic(client, `${OPTIMISTIC_PREFIX}a`, job("real-a"));
    expect(ids(client)).toEqual(["real-a", "older"]);
  });

  it("leaves a placeholder asking for something else, and adds the job on top", () => {
    const client = galleryOf(job(`${OPTIMISTIC_PREFIX}a`, { prompt: "a cat" }));
    applyGeneration(client, job("from-another-tab"));
    expect(ids(client)).toEqual(["from-another-tab", `${OPTIMISTIC_PREFIX}a`]);
  });

  it("of two twin starts, each job ends in the gallery once, whichever announcement comes first", () => {
    const client = galleryOf(job(`${OPTIMISTIC_PREFIX}second`), job(`${OPTIMISTIC_PREFIX}first`));
    // The second start's job is announced first: it takes the older placeholder.
    applyGeneration(client, job("real-second"));
    settleOptimistic(client, `${OPTIMISTIC_PREFIX}first`, job("real-first"));
    settleOptimistic(client, `${OPTIMISTIC_PREFIX}second`, job("real-second"));
    expect(ids(client).sort()).toEqual(["real-first", "real-second"]);
  });

  it("a retry announced before its answer takes the failed card's place, not a new one on top", () => {
    const failed = job("failed", { status: "failed", prompt: "flaky" });
    const client = galleryOf(job("newer", { status: "succeeded" }), failed, job("older", { status: "succeeded" }));
    applyGeneration(client, job("retried", { prompt: "flaky", retryOf: "failed" }));
    expect(ids(client)).toEqual(["newer", "retried", "older"]);
    settleOptimistic(client, "failed", job("retried", { prompt: "flaky", retryOf: "failed", status: "running" }));
    expect(ids(client)).toEqual(["newer", "retried", "older"]);
  });
});

describe("a started job that carries its start's request id", () => {
  it("announced before the start answers, it takes exactly its placeholder's place", () => {
    const client = galleryOf(job("gen-0", { status: "succeeded", prompt: "Older" }));
    prependGeneration(client, job(`${OPTIMISTIC_PREFIX}req-1`));

    applyGeneration(client, job("gen-1", { status: "running", requestId: "req-1" }));
    expect(ids(client)).toEqual(["gen-1", "gen-0"]);

    settleOptimistic(client, `${OPTIMISTIC_PREFIX}req-1`, job("gen-1", { requestId: "req-1" }));
    expect(ids(client)).toEqual(["gen-1", "gen-0"]);
  });

  it("when the start answers first, its job replaces the placeholder and the later announcement updates it", () => {
    const client = galleryOf(job("gen-0", { status: "succeeded", prompt: "Older" }));
    prependGeneration(client, job(`${OPTIMISTIC_PREFIX}req-2`));

    settleOptimistic(client, `${OPTIMISTIC_PREFIX}req-2`, job("gen-2", { requestId: "req-2" }));
    applyGeneration(client, job("gen-2", { status: "succeeded", requestId: "req-2" }));
    expect(ids(client)).toEqual(["gen-2", "gen-0"]);
  });

  it("a job another tab started for the same prompt is added on top, leaving this tab's own placeholder alone", () => {
    const client = galleryOf(job("gen-0", { status: "succeeded", prompt: "Older" }));
    prependGeneration(client, job(`${OPTIMISTIC_PREFIX}mine`));

    applyGeneration(client, job("gen-3", { requestId: "theirs" }));
    expect(ids(client)).toEqual(["gen-3", `${OPTIMISTIC_PREFIX}mine`, "gen-0"]);
  });
});

describe("uploads answered out of order", () => {
  it("stand in the gallery in the order the server keeps, newest first, whichever answer comes first", () => {
    const client = galleryOf(job("earlier-job", { createdAt: 100 }));
    const upload = (id: string, createdAt: number): ImageView => ({ ...uploadView(1), id, createdAt });
    // Three files sent together: the second and third are stored in the same millisecond.
    addUploads(client, [upload("b-0002", 300)]);
    addUploads(client, [upload("a-0001", 200)]);
    addUploads(client, [upload("b-0003", 300)]);
    // Another tab's job, started after them all, still lands on top.
    applyGeneration(client, job("later-job", { createdAt: 400 }));
    expect(ids(client)).toEqual(["later-job", "b-0003", "b-0002", "a-0001", "earlier-job"]);
  });
});
