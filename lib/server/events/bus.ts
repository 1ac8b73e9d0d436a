import "server-only";
import type { LiveEvent } from "@/lib/shared/live-events";

/**
 * Where changes are announced, by topic: `visitor:<id>` for one visitor's pages (and, later,
 * `board:<token>` for a shared board). Kept this small so that an implementation over PostgreSQL
 * LISTEN/NOTIFY fits behind it for many server processes; the in-process one serves the embedded store.
 */
export interface EventBus {
  /** Announces `event` to the topic's listeners (over PostgreSQL, to every process's: see postgres-bus.ts). */
  publish(topic: string, event: LiveEvent): void;
  /**
   * Announces a change to a job or to the gallery just written to the store. On PostgreSQL the write
   * itself sent its note, inside its transaction (migration 0007_change-notes), so this sends
   * nothing more: that note reaches every process, this one included. In one process it is publish.
   */
  publishStored(topic: string, event: LiveEvent): void;
  /** Calls `listener` for each event published to `topic` from now on, until the returned function is called. */
  subscribe(topic: string, listener: (event: SequencedEvent) => void): () => void;
  /**
   * The topic's events after `sequence`, oldest first, or null when they are no longer all at hand
   * (too old, or announced before this process started): the listener must then resync.
   */
  since(topic: string, sequence: number): SequencedEvent[] | null;
}

/** One process's bus, which numbers each event as it publishes it. */
export interface LocalEventBus extends EventBus {
  /** Returns the sequence number the event was given. */
  publish(topic: string, event: LiveEvent): number;
  publishStored(topic: string, event: LiveEvent): number;
}

export interface SequencedEvent {
  /** Increases with every event this bus publishes, across topics. */
  sequence: number;
  event: LiveEvent;
}

export function visitorTopic(visitorId: string): string {
  return `visitor:${visitorId}`;
}

/** A share link's own topic: its page hears its board's changes with the token alone, no visitor cookie. */
export function shareTopic(linkId: string): string {
  return `share:${linkId}`;
}
