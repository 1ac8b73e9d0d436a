import { describe, expect, it } from "vitest";
import { visitorTopic } from "@/lib/server/events/bus";
import { eventStream } from "@/lib/server/events/event-stream";
import { createInProcessBus } from "@/lib/server/events/in-process-bus";
import type { LiveEvent } from "@/lib/shared/live-events";

const A = visitorTopic("AliceAliceAliceAlice01");
const B = visitorTopic("BobBobBobBobBobBobBob1");
const deleted = (imageId: string): LiveEvent => ({ type: "image-deleted", imageId });

/** Reads SSE frames from a stream until `count` have arrived: each as its id and parsed data. */
async function frames(stream: ReadableStream<Uint8Array>, count: number): Promise<{ id: number | null; data: unknown }[]> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const found: { id: number | null; data: unknown }[] = [];
  while (found.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = text.indexOf("\n\n")) >= 0) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data === undefined) continue;
      const id = /^id: (\d+)$/m.exec(block)?.[1];
      found.push({ id: id ? Number(id) : null, data: JSON.parse(data) });
    }
  }
  reader.releaseLock();
  return found;
}

describe("the in-process event bus", () => {
  it("delivers a topic's events to its listeners only, in order, until they unsubscribe", () => {
    const bus = createInProcessBus();
    const heard: string[] = [];
    const stop = bus.subscribe(A, ({ event }) => heard.push((event as { imageId: string }).imageId));
    bus.subscribe(B, () => heard.push("wrong topic"));
    bus.publish(A, deleted("one"));
    bus.publish(A, deleted("two"));
    stop();
    bus.publish(A, deleted("three"));
    expect(heard).toEqual(["one", "two"]);
  });

  it("answers what a topic missed after a sequence number, and null when that is no longer known", () => {
    let clock = 1_000_000;
    const bus = createInProcessBus(() => clock);
    const first = bus.publish(A, deleted("one"));
    bus.publish(B, deleted("bob's"));
    const third = bus.publish(A, deleted("two"));
    expect(third).toBeGreaterThan(first);
    expect(bus.since(A, first)!.map(({ event }) => event)).toEqual([deleted("two")]);
    expect(bus.since(A, third)).toEqual([]);
    // From before this process started, or a number it never gave out: the page must resync.
    expect(bus.since(A, 5)).toBeNull();
    expect(bus.since(A, third + 1_000)).toBeNull();
    // More events than are kept: an id older than the oldest kept one cannot be caught up from.
    for (let index = 0; index < 250; index++) bus.publish(A, deleted(`bulk ${index}`));
    expect(bus.since(A, third)).toBeNull();
    clock += 1;
    // A restart numbers on from later than anything the process before it handed out.
    const restarted = createInProcessBus(() => clock + 60_000);
    expect(restarted.publish(A, deleted("after restart"))).toBeGreaterThan(third + 250);
  });
});

describe("the event stream", () => {
  it("greets, then catches up on what was missed, then carries new events, with their ids", async () => {
    const bus = createInProcessBus();
    const seen = bus.publish(A, deleted("seen"));
    bus.publish(A, deleted("missed"));
    const aborted = new AbortController();
    const stream = eventStream({ bus, topic: A, lastSequence: seen, signal: aborted.signal });
    const later = bus.publish(A, deleted("live"));
    const got = await frames(stream, 3);
    expect(got.map(({ data }) => data)).toEqual([{ type: "hello", resumed: true }, deleted("missed"), deleted("live")]);
    expect(got[2]!.id).toBe(later);
    aborted.abort();
  });

  it("asks the page to resync when the missed events are gone", async () => {
    const bus = createInProcessBus();
    const aborted = new AbortController();
    const got = await frames(eventStream({ bus, topic: A, lastSequence: 42, signal: aborted.signal }), 2);
    expect(got.map(({ data }) => data)).toEqual([{ type: "hello", resumed: true }, { type: "resync" }]);
    aborted.abort();
  });

  it("sends a heartbeat while nothing happens, and ends and unsubscribes when the request is aborted", async () => {
    const inner = createInProcessBus();
    let listening = 0;
    const bus = {
      ...inner,
      subscribe: (topic: string, listener: Parameters<typeof inner.subscribe>[1]) => {
        listening += 1;
        const stop = inner.subscribe(topic, listener);
        return () => {
          listening -= 1;
          stop();
        };
      },
    };
    const aborted = new AbortController();
    const stream = eventStream({ bus, topic: A, lastSequence: null, signal: aborted.signal, heartbeatMs: 30 });
    const got = await frames(stream, 3);
    expect(got.map(({ data }) => data)).toEqual([{ type: "hello", resumed: false }, { type: "heartbeat" }, { type: "heartbeat" }]);
    expect(listening).toBe(1);
    aborted.abort();
    const reader = stream.getReader();
    expect((await reader.read()).done).toBe(true);
    expect(listening).toBe(0);
    expect(() => bus.publish(A, deleted("after the page left"))).not.toThrow();
  });
});
