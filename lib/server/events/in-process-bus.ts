import "server-only";
import { keptForReconnect, type LiveEvent } from "@/lib/shared/live-events";
import type { LocalEventBus, SequencedEvent } from "./bus";

/** Events kept per topic for a reconnect to catch up on; older gaps are closed by a resync. */
const KEPT_PER_TOPIC = 200;
/** Topics with no listener and nothing recent are forgotten after this long. */
const IDLE_TOPIC_MS = 10 * 60_000;

interface Topic {
  listeners: Set<(event: SequencedEvent) => void>;
  recent: SequencedEvent[];
  /** The newest sequence number that no longer fits in `recent`. */
  droppedUpTo: number;
  touchedAt: number;
}

/**
 * The bus of one server process. Sequence numbers start at this process's start time in
 * microseconds, so they keep increasing across a restart and an id from before it is simply
 * older than anything kept: that reconnect resyncs.
 */
export function createInProcessBus(now: () => number = Date.now): LocalEventBus {
  const topics = new Map<string, Topic>();
  const firstSequence = now() * 1000;
  let sequence = firstSequence;
  /** The newest event of any topic forgotten for being idle. */
  let forgottenUpTo = 0;

  const topicOf = (name: string): Topic => {
    let topic = topics.get(name);
    if (!topic) {
      topic = { listeners: new Set(), recent: [], droppedUpTo: 0, touchedAt: now() };
      topics.set(name, topic);
    }
    topic.touchedAt = now();
    return topic;
  };

  const forgetIdle = () => {
    const cutoff = now() - IDLE_TOPIC_MS;
    for (const [name, topic] of topics) {
      if (topic.listeners.size > 0 || topic.touchedAt >= cutoff) continue;
      forgottenUpTo = Math.max(forgottenUpTo, topic.recent.at(-1)?.sequence ?? 0);
      topics.delete(name);
    }
  };

  function publish(name: string, event: LiveEvent): number {
    sequence += 1;
    const sequenced = { sequence, event };
    const topic = topicOf(name);
    // Listeners now get the whole event; a reconnect later gets it without its thumbnails (200 per topic).
    topic.recent.push({ sequence, event: keptForReconnect(event) });
    if (topic.recent.length > KEPT_PER_TOPIC) topic.droppedUpTo = topic.recent.shift()!.sequence;
    for (const listener of topic.listeners) listener(sequenced);
    if (sequence % 100 === 0) forgetIdle();
    return sequence;
  }

  return {
    publish,
    publishStored: publish,
    subscribe(name, listener) {
      const topic = topicOf(name);
      topic.listeners.add(listener);
      return () => {
        topic.listeners.delete(listener);
        topic.touchedAt = now();
      };
    },
    since(name, after) {
      // From before this process, or from no process at all (a number it never gave out).
      if (after < firstSequence || after > sequence) return null;
      const topic = topics.get(name);
      if (!topic) return after < forgottenUpTo ? null : [];
      if (topic.droppedUpTo > after) return null;
      return topic.recent.filter((entry) => entry.sequence > after);
    },
  };
}
