import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { visitorTopic, type EventBus, type SequencedEvent } from "@/lib/server/events/bus";
import { createPostgresBus, EVENTS_CHANNEL } from "@/lib/server/events/postgres-bus";
import { LISTENER_APPLICATION_NAME, openPostgresListener, type PostgresListener } from "@/lib/server/events/postgres-listener";
import { noteResolver } from "@/lib/server/events/resolve-note";
import type { Store } from "@/lib/server/store";
import { SETTINGS, useTempStore } from "./support/store-fixtures";

const VISITOR = "visitor-live";

/**
 * The event bus over LISTEN/NOTIFY on a real PostgreSQL: two buses, each with its own listening
 * connection, stand for two server processes. What crosses the database is ids; each side reads the
 * record itself.
 */
describe("the event bus over PostgreSQL", () => {
  const stores = useTempStore("postgres+s3");
  let store: Store;
  let databaseUrl: string;
  const listeners: PostgresListener[] = [];
  let publisher: EventBus;
  let reader: EventBus;

  beforeAll(async () => {
    const dataDir = await stores.dataDir();
    store = await stores.open(dataDir);
    databaseUrl = (await stores.settingsOf(dataDir)).databaseUrl!;
    const open = async () => {
      const listener = await openPostgresListener(databaseUrl, [EVENTS_CHANNEL]);
      listeners.push(listener);
      return createPostgresBus(listener, noteResolver(store, (generation) => generation));
    };
    [publisher, reader] = await Promise.all([open(), open()]);
  });
  afterAll(async () => {
    await Promise.all(listeners.map((listener) => listener.close()));
    await stores.cleanup();
  });

  /** Resolves with the first `count` events the topic's listener hears from now on. */
  function hear(bus: EventBus, topic: string, count: number): Promise<SequencedEvent[]> {
    return new Promise((resolve) => {
      const heard: SequencedEvent[] = [];
      const stop = bus.subscribe(topic, (event) => {
        heard.push(event);
        if (heard.length < count) return;
        stop();
        resolve(heard);
      });
    });
  }

  const recordJob = (prompt: string) =>
    store.generations.create({ visitorId: VISITOR, model: "bytedance/seedream-v4-text-to-image", prompt, parameters: SETTINGS, inputImageIds: [] });

  it("hands another process the job as its store reads it now, from a note that carries only ids", async () => {
    const job = await recordJob("a lantern in fog");
    const notes: string[] = [];
    const spy = await openPostgresListener(databaseUrl, [EVENTS_CHANNEL]);
    listeners.push(spy);
    spy.on(EVENTS_CHANNEL, (payload) => notes.push(payload));
    const heard = hear(reader, visitorTopic(VISITOR), 1);
    // The cancel's own transaction sends the note; the jobs' announcement after it sends nothing more.
    await store.generations.cancel(VISITOR, job.id);
    publisher.publishStored(visitorTopic(VISITOR), { type: "generation", generation: { id: job.id, status: "queued" } as never });
    const [event] = await heard;
    expect(event?.event).toMatchObject({ type: "generation", generation: { id: job.id, status: "canceled", prompt: "a lantern in fog" } });
    await expect.poll(() => notes.length).toBe(1);
    expect(JSON.parse(notes[0]!)).toEqual({ topic: visitorTopic(VISITOR), type: "generation", id: job.id });
  });

  it("never shows one visitor's job on another visitor's topic", async () => {
    const job = await recordJob("someone else's");
    const heard = hear(reader, visitorTopic("intruder"), 1);
    publisher.publish(visitorTopic("intruder"), { type: "generation", generation: { id: job.id } as never });
    publisher.publish(visitorTopic("intruder"), { type: "image-deleted", imageId: "after" });
    const [event] = await heard;
    expect(event?.event).toEqual({ type: "image-deleted", imageId: "after" });
  });

  it("tells every page to resync after its listening connection dropped, and hears new changes after", async () => {
    const topic = visitorTopic(VISITOR);
    const before = hear(reader, topic, 1);
    publisher.publish(topic, { type: "image-deleted", imageId: "before the drop" });
    const [seen] = await before;
    const afterDrop = hear(reader, topic, 1);
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()",
        [LISTENER_APPLICATION_NAME],
      );
      expect(rows.length).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
    }
    const [resync] = await afterDrop;
    expect(resync?.event).toEqual({ type: "resync" });
    // A page coming back with the sequence it saw before the drop must resync too.
    expect(reader.since(topic, seen!.sequence)).toBeNull();
    const later = hear(reader, topic, 1);
    publisher.publish(topic, { type: "image-deleted", imageId: "after the drop" });
    expect((await later)[0]?.event).toEqual({ type: "image-deleted", imageId: "after the drop" });
  });

  it("marks changes to a topic no page here listens to, so a page that comes back resyncs", async () => {
    const topic = visitorTopic("away");
    // A sequence from before the note: notes sent on different connections may be heard in either order.
    const mark = hear(reader, visitorTopic(VISITOR), 1);
    publisher.publish(visitorTopic(VISITOR), { type: "image-deleted", imageId: "before" });
    const [before] = await mark;
    publisher.publish(topic, { type: "image-deleted", imageId: "while away" });
    // Its note was not read, only marked: whoever comes back with an older sequence resyncs.
    await expect
      .poll(() => reader.since(topic, before!.sequence))
      .toEqual([{ sequence: expect.any(Number), event: { type: "resync" } }]);
  });
});
