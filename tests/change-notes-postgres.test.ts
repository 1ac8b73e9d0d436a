import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { visitorTopic, type SequencedEvent } from "@/lib/server/events/bus";
import { createPostgresBus, EVENTS_CHANNEL } from "@/lib/server/events/postgres-bus";
import { openPostgresListener, type PostgresListener } from "@/lib/server/events/postgres-listener";
import { noteResolver } from "@/lib/server/events/resolve-note";
import { startFakeAimlApi } from "@/e2e/fake-api/server";
import { createAimlApiEngine } from "@/lib/server/engine/aimlapi";
import { createJobs, type Jobs } from "@/lib/server/jobs";
import { StoreError, type Store } from "@/lib/server/store";
import { png, SETTINGS, useTempStore } from "./support/store-fixtures";

const VISITOR = "visitor-notes";
const TOPIC = visitorTopic(VISITOR);

/**
 * On PostgreSQL a change's note is sent by the write itself, inside its transaction: delivered when
 * it commits, never when it rolls back, and in commit order. Nothing is published after the commit,
 * so a process that dies right after it cannot drop the note.
 */
describe("change notes sent inside the writing transaction", () => {
  const stores = useTempStore("postgres+s3");
  let store: Store;
  let databaseUrl: string;
  let spy: PostgresListener;
  const notes: unknown[] = [];

  beforeAll(async () => {
    const dataDir = await stores.dataDir();
    store = await stores.open(dataDir);
    databaseUrl = (await stores.settingsOf(dataDir)).databaseUrl!;
    spy = await openPostgresListener(databaseUrl, [EVENTS_CHANNEL]);
    spy.on(EVENTS_CHANNEL, (payload) => notes.push(JSON.parse(payload)));
  });
  afterAll(async () => {
    await spy.close();
    await stores.cleanup();
  });

  /** The notes heard from now on, once `count` of them arrived. */
  async function notesOf(write: () => Promise<unknown>, count: number): Promise<unknown[]> {
    const from = notes.length;
    await write();
    await expect.poll(() => notes.length - from).toBeGreaterThanOrEqual(count);
    return notes.slice(from);
  }

  const recordJob = (prompt: string) =>
    store.generations.create({ visitorId: VISITOR, model: "bytedance/seedream-v4-text-to-image", prompt, parameters: SETTINGS, inputImageIds: [] });

  it("sends a committed job change's note, and none for a rolled-back one", async () => {
    const job = await recordJob("a kite over dunes");
    await expect.poll(() => notes).toContainEqual({ topic: TOPIC, type: "generation", id: job.id });

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const heard = await notesOf(async () => {
        await client.query("BEGIN");
        await client.query("UPDATE generations SET status = 'canceled' WHERE id = $1", [job.id]);
        await client.query("ROLLBACK");
        // Notes arrive in commit order: had the rollback sent one, it would come before this one.
        await store.runs.markRunning(job.id);
      }, 1);
      expect(heard).toEqual([{ topic: TOPIC, type: "generation", id: job.id }]);
      expect((await store.runs.get(job.id))?.status).toBe("running");
    } finally {
      await client.end();
    }
  });

  it("sends one note per committed change, in the order the writes committed", async () => {
    const [first, second] = [await recordJob("first"), await recordJob("second")];
    await expect.poll(() => notes).toContainEqual({ topic: TOPIC, type: "generation", id: second.id });
    const heard = await notesOf(async () => {
      await store.runs.markRunning(second.id);
      await store.generations.cancel(VISITOR, first.id);
      await store.runs.fail(second.id, { code: "provider_error", message: "The provider refused." });
      // Not a change of state: no note.
      await store.generations.cancel(VISITOR, first.id);
    }, 3);
    expect(heard).toEqual([
      { topic: TOPIC, type: "generation", id: second.id },
      { topic: TOPIC, type: "generation", id: first.id },
      { topic: TOPIC, type: "generation", id: second.id },
    ]);
  });

  it("announces an upload and its deletion from their own transactions", async () => {
    const upload = (shade: number) => png(40, 40, shade).then((bytes) => store.images.save({ visitorId: VISITOR, origin: "upload", ...bytes }));
    const [image] = [await upload(7)];
    await expect.poll(() => notes).toContainEqual({ topic: TOPIC, type: "images-added", ids: [image!.id] });
    const heard = await notesOf(() => store.images.delete(VISITOR, image!.id), 1);
    expect(heard).toEqual([{ topic: TOPIC, type: "image-deleted", id: image!.id }]);
  });

  it("shows another process's page every state of a job, in order, with nothing published by hand", async () => {
    const listener = await openPostgresListener(databaseUrl, [EVENTS_CHANNEL]);
    try {
      const bus = createPostgresBus(listener, noteResolver(store, (generation) => generation));
      const heard: SequencedEvent[] = [];
      const stop = bus.subscribe(TOPIC, (event) => heard.push(event));
      const job = await recordJob("a tram at dusk");
      await store.runs.markRunning(job.id);
      await store.runs.fail(job.id, { code: "provider_error", message: "The provider refused." });
      await expect.poll(() => heard.length).toBe(3);
      stop();
      // Each note is read when heard: the page may see a later state early, never an earlier one late.
      const order = ["queued", "running", "failed"];
      const seen = heard.map(({ event }) => (event.type === "generation" ? order.indexOf(event.generation.status) : -1));
      expect(seen.every((rank, index) => rank >= 0 && rank >= (seen[index - 1] ?? 0))).toBe(true);
      expect(seen.at(-1)).toBe(2);
    } finally {
      await listener.close();
    }
  });

  it("still tells every process of a job's end the store refused, which no write could carry", async () => {
    const fake = await startFakeAimlApi({ port: 0, apiKey: "notes-key" });
    const listener = await openPostgresListener(databaseUrl, [EVENTS_CHANNEL]);
    try {
      const refusing: Store = {
        ...store,
        runs: { ...store.runs, fail: async () => Promise.reject(new StoreError("write_failed", "The database refused the write.")) },
      };
      const bus = createPostgresBus(listener, noteResolver(store, (generation) => jobs.surface(generation)));
      const jobs: Jobs = createJobs({
        store: refusing,
        provider: createAimlApiEngine({ apiKey: "notes-key", baseUrl: fake.baseUrl, backoffBaseMs: 10, maxBackoffMs: 50 }),
        maxConcurrency: 1,
        deadlineMs: 10_000,
        events: bus,
        endWriteRetryMs: [60_000],
      });
      const heard: string[] = [];
      const stop = bus.subscribe(TOPIC, ({ event }) => void (event.type === "generation" && heard.push(event.generation.status)));
      // Slow enough that the page has read the job as running before its end is refused.
      await jobs.start(VISITOR, { settings: { prompt: "[fault:500] [fault:slow:600] a lighthouse", image_size: "square" }, inputImageIds: [] });
      await expect.poll(() => heard).toContain("running");
      await jobs.idle();
      // The row still says running; this process knows better, and says so to every process's pages.
      await expect.poll(() => heard).toContain("interrupted");
      stop();
    } finally {
      await listener.close();
      await fake.close();
    }
  });
});
