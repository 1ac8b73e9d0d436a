import { afterEach, describe, expect, it } from "vitest";
import { visitorTopic } from "@/lib/server/events/bus";
import { createInProcessBus } from "@/lib/server/events/in-process-bus";
import { PUSHED_THUMBNAILS_MAX_BYTES, type LiveEvent } from "@/lib/shared/live-events";
import { pushedThumbnails } from "@/lib/server/events/pushed-thumbnails";
import type { ImageRecord } from "@/lib/server/store";
import { toGenerationView } from "@/lib/shared/gallery/view";
import { streamToBuffer } from "./support/store-fixtures";
import { textJob, useJobsHarness, waitForStatus } from "./support/jobs-harness";

const VISITOR = "AnnounceAnnounceAnno01";
const harnesses = useJobsHarness();
afterEach(() => harnesses.cleanup());

describe("a job's announcements", () => {
  it("tell its visitor each change once, in order: created, running, succeeded", async () => {
    const harness = await harnesses.open({ fake: { latencyMs: 200 } });
    const bus = createInProcessBus();
    const heard: LiveEvent[] = [];
    bus.subscribe(visitorTopic(VISITOR), ({ event }) => heard.push(event));
    const jobs = harness.createJobs({ events: bus });

    for (let round = 0; round < 5; round++) {
      heard.length = 0;
      const job = await jobs.start(VISITOR, textJob(`a kite over the dunes, take ${round}`));
      await waitForStatus(harness.store, VISITOR, job.id, "succeeded");
      await jobs.idle();
      const statuses = heard.flatMap((event) => (event.type === "generation" && event.generation.id === job.id ? [event.generation.status] : []));
      expect(statuses.at(-1)).toBe("succeeded");
      expect(statuses).toContain("running");
      // Each event says something the one before did not.
      expect(statuses.filter((status, index) => index > 0 && status === statuses[index - 1])).toEqual([]);
    }
  }, 60_000);
});

describe("a finished job's thumbnails", () => {
  it("go with its success to the pages listening, each paired with its image and equal to the stored one", async () => {
    const harness = await harnesses.open();
    const bus = createInProcessBus();
    const heard: LiveEvent[] = [];
    let firstSequence = 0;
    bus.subscribe(visitorTopic(VISITOR), ({ sequence, event }) => {
      firstSequence ||= sequence;
      heard.push(event);
    });
    const jobs = harness.createJobs({ events: bus });

    const job = await jobs.start(VISITOR, { settings: { prompt: "two lanterns on a pier", image_size: "square", num_images: 2 }, inputImageIds: [] });
    await waitForStatus(harness.store, VISITOR, job.id, "succeeded");
    await jobs.idle();

    const success = heard.find((event) => event.type === "generation" && event.generation.status === "succeeded");
    if (success?.type !== "generation") throw new Error("No success was announced.");
    const outputs = success.generation.outputs.map((image) => image.id);
    expect(outputs).toHaveLength(2);
    expect(success.thumbnails?.map((thumbnail) => thumbnail.imageId)).toEqual(outputs);
    for (const { imageId, dataUrl } of success.thumbnails!) {
      const [, mime, base64] = /^data:(image\/webp);base64,(.+)$/.exec(dataUrl) ?? [];
      expect(mime).toBe("image/webp");
      const stored = await harness.store.images.open(VISITOR, imageId, "thumbnail");
      expect(Buffer.from(base64!, "base64").equals(await streamToBuffer(stored!.stream))).toBe(true);
    }
    // The pending announcements carry none, and a reconnecting page gets the success without them.
    expect(heard.filter((event) => event.type === "generation" && event.thumbnails && event !== success)).toEqual([]);
    const replayed = bus.since(visitorTopic(VISITOR), firstSequence - 1)!.map((entry) => entry.event);
    expect(replayed).toHaveLength(heard.length);
    expect(replayed.at(-1)).toEqual({ type: "generation", generation: success.generation });
  }, 60_000);

  it("are sent while they fit the event's allowance, in output order, and a page fetches the rest", () => {
    const record = (id: string, outputIndex: number) => ({ id, outputIndex }) as ImageRecord;
    const large = Buffer.alloc(100 * 1024, 1);
    const pushed = pushedThumbnails([record("first", 0), record("second", 1), record("third", 2)], [large, large, large]);
    expect(PUSHED_THUMBNAILS_MAX_BYTES).toBeLessThan(3 * large.length);
    expect(pushed?.map((thumbnail) => thumbnail.imageId)).toEqual(["first", "second"]);
    // An output whose thumbnail was not made is simply left out; none made, no field at all.
    expect(pushedThumbnails([record("first", 0), record("second", 1)], [null, large])?.map((thumbnail) => thumbnail.imageId)).toEqual(["second"]);
    expect(pushedThumbnails([record("first", 0)], [null])).toBeUndefined();
  });
});

describe("a job's creation and success", () => {
  it("are announced from the records their writes returned, without reading the job back", async () => {
    const harness = await harnesses.open({ fake: { latencyMs: 200 } });
    const reads: string[] = [];
    const { store } = harness;
    const counted = {
      ...store,
      runs: { ...store.runs, get: (id: string) => (reads.push(id), store.runs.get(id)) },
      generations: { ...store.generations, withOutputs: (visitorId: string, id: string) => (reads.push(id), store.generations.withOutputs(visitorId, id)) },
    };
    const bus = createInProcessBus();
    const heard: { event: LiveEvent & { type: "generation" }; readsBefore: number }[] = [];
    bus.subscribe(visitorTopic(VISITOR), ({ event }) => {
      if (event.type === "generation") heard.push({ event, readsBefore: reads.filter((id) => id === event.generation.id).length });
    });
    const jobs = harness.createJobs({ store: counted, events: bus });

    const job = await jobs.start(VISITOR, textJob("a lighthouse keeper's window"));
    await waitForStatus(store, VISITOR, job.id, "succeeded");
    await jobs.idle();
    expect(heard.map(({ event, readsBefore }) => [event.generation.status, readsBefore])).toEqual([
      ["running", 0],
      ["succeeded", 0],
    ]);
    // What the pages were told is what a read gives now.
    const stored = await store.generations.withOutputs(VISITOR, job.id);
    expect(heard[1]?.event.generation).toEqual(toGenerationView(stored!.generation, stored!.outputs));
  }, 30_000);
});
