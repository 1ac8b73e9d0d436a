import "server-only";
import { HEARTBEAT_MS, type LiveEvent } from "@/lib/shared/live-events";
import type { EventBus, SequencedEvent } from "./bus";

/** What the stream sends besides the bus's events: a greeting, and a heartbeat while nothing happens. */
export type StreamMessage = LiveEvent | { type: "hello"; resumed: boolean } | { type: "heartbeat" };

export interface EventStreamOptions {
  bus: EventBus;
  topic: string;
  /** The last event the page saw (`Last-Event-ID`), or null on a first connection. */
  lastSequence: number | null;
  /** The request's own signal: the stream ends, and unsubscribes, when the page goes away. */
  signal: AbortSignal;
  heartbeatMs?: number;
}

const encoder = new TextEncoder();

function frame(message: StreamMessage, sequence?: number): Uint8Array {
  const id = sequence === undefined ? "" : `id: ${sequence}\n`;
  return encoder.encode(`${id}data: ${JSON.stringify(message)}\n\n`);
}

/**
 * A Server-Sent Events stream of one topic. On a reconnect it first sends every event after the
 * last one seen, or `resync` when those are no longer all at hand; events published meanwhile wait
 * their turn, so none is lost or sent twice. A heartbeat every 15 s lets the page notice a proxy
 * that holds the stream back.
 */
export function eventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
  const { bus, topic, lastSequence, signal } = options;
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      let sent = lastSequence ?? 0;
      const send = (message: StreamMessage, sequence?: number) => {
        if (open) controller.enqueue(frame(message, sequence));
      };
      const forward = ({ sequence, event }: SequencedEvent) => {
        if (sequence <= sent) return;
        sent = sequence;
        send(event, sequence);
      };
      // Subscribed before catching up: whatever is published meanwhile is in `waiting`, in order.
      let waiting: SequencedEvent[] | null = [];
      const unsubscribe = bus.subscribe(topic, (event) => (waiting ? waiting.push(event) : forward(event)));
      // Tells EventSource how soon to come back after a dropped connection.
      controller.enqueue(encoder.encode("retry: 2000\n\n"));
      send({ type: "hello", resumed: lastSequence !== null });
      if (lastSequence !== null) {
        const missed = bus.since(topic, lastSequence);
        if (missed === null) send({ type: "resync" });
        else missed.forEach(forward);
      }
      for (const event of waiting) forward(event);
      waiting = null;

      const heartbeat = setInterval(() => send({ type: "heartbeat" }), options.heartbeatMs ?? HEARTBEAT_MS);
      stop = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // Already closed by the reader going away.
        }
      };
      if (signal.aborted) stop();
      else signal.addEventListener("abort", () => stop(), { once: true });
    },
    cancel() {
      stop();
    },
  });
}
