import "server-only";
import { z } from "zod";
import type { LiveEvent } from "@/lib/shared/live-events";
import type { EventBus } from "./bus";
import { createInProcessBus } from "./in-process-bus";
import type { PostgresListener } from "./postgres-listener";

export const EVENTS_CHANNEL = "studio_events";
/** More images than this in one change are announced as a resync rather than listed. */
const MAX_IDS_PER_NOTE = 50;

/** What crosses the database for one change: its topic and the ids it touched, never the records. */
const eventNote = z.discriminatedUnion("type", [
  z.object({ topic: z.string().max(200), type: z.literal("generation"), id: z.string().max(100) }),
  z.object({ topic: z.string().max(200), type: z.literal("images-added"), ids: z.array(z.string().max(100)).max(MAX_IDS_PER_NOTE) }),
  z.object({ topic: z.string().max(200), type: z.literal("image-deleted"), id: z.string().max(100) }),
  z.object({ topic: z.string().max(200), type: z.literal("resync") }),
  z.object({ topic: z.string().max(200), type: z.literal("share-changed") }),
]);
export type EventNote = z.infer<typeof eventNote>;

/** Reads what a note names, as its topic's listeners should see it now; null when it is gone. */
export type ResolveNote = (note: EventNote) => Promise<LiveEvent | null>;

function noteOf(topic: string, event: LiveEvent): EventNote {
  switch (event.type) {
    case "generation":
      return { topic, type: "generation", id: event.generation.id };
    case "images-added":
      if (event.images.length > MAX_IDS_PER_NOTE) return { topic, type: "resync" };
      return { topic, type: "images-added", ids: event.images.map((image) => image.id) };
    case "image-deleted":
      return { topic, type: "image-deleted", id: event.imageId };
    case "resync":
      return { topic, type: "resync" };
    case "share-changed":
      return { topic, type: "share-changed" };
  }
}

/** Stands for every topic in the local bus: its sequence marks the moment notes may have been missed. */
const GAP_TOPIC = "gap";

/**
 * The event bus of a deployment of several processes: a change is announced with NOTIFY (ids
 * only), every process hears it on its one listening connection, reads the records it names, and
 * hands the result to its own pages through an in-process bus (which numbers the events and keeps
 * the recent ones for reconnects). Notes for a topic with no page open here are not read, only
 * marked, so a page that comes back is told to resync; so is every page after the listening
 * connection was lost, since the notes sent meanwhile are gone.
 */
export function createPostgresBus(listener: PostgresListener, resolve: ResolveNote): EventBus {
  const local = createInProcessBus();
  const listening = new Map<string, number>();
  let gapBefore = 0;
  // One note at a time, in the order heard: each reads its records as they are by then.
  let delivering = Promise.resolve();

  listener.on(EVENTS_CHANNEL, (payload) => {
    const parsed = eventNote.safeParse(safeJson(payload));
    if (!parsed.success) return console.error("A change notification could not be read; ignored.");
    const note = parsed.data;
    delivering = delivering.then(async () => {
      if (!listening.has(note.topic)) {
        local.publish(note.topic, { type: "resync" });
        return;
      }
      const event = await resolve(note).catch((error: unknown) => {
        console.error(`A change on ${note.topic} could not be read; its pages resync.`, error);
        return { type: "resync" } as const;
      });
      if (event) local.publish(note.topic, event);
    });
  });

  listener.onReconnect(() => {
    gapBefore = local.publish(GAP_TOPIC, { type: "resync" });
    for (const topic of listening.keys()) local.publish(topic, { type: "resync" });
  });

  return {
    publish(topic, event) {
      const note = JSON.stringify(noteOf(topic, event));
      void listener.notify(EVENTS_CHANNEL, note).catch((error: unknown) => {
        // The change itself is stored: pages see it at their next resync or reload.
        console.error(`A change on ${topic} could not be announced.`, error);
      });
    },
    // The store's write sent this change's note in its own transaction: nothing is left to send.
    publishStored() {},
    subscribe(topic, handler) {
      listening.set(topic, (listening.get(topic) ?? 0) + 1);
      const unsubscribe = local.subscribe(topic, handler);
      return () => {
        unsubscribe();
        const left = (listening.get(topic) ?? 1) - 1;
        if (left > 0) listening.set(topic, left);
        else listening.delete(topic);
      };
    },
    since(topic, sequence) {
      if (sequence < gapBefore) return null;
      return local.since(topic, sequence);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
