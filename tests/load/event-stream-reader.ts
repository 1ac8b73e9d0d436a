import type { GenerationView } from "@/lib/shared/gallery/view";

type Message = { type: string; generation?: GenerationView };

/**
 * A simulated visitor's event stream: `GET /api/events` held open for the whole run, as the page's
 * leader tab holds it, read frame by frame. Jobs are known to be finished only when the stream says
 * so; the load test has no other way to learn it.
 */
export class EventStreamReader {
  private readonly latest = new Map<string, GenerationView>();
  private readonly waiting = new Map<string, Array<(generation: GenerationView) => void>>();
  private readonly aborted = new AbortController();
  private heard = 0;

  private constructor() {}

  /** Opens the stream with the visitor's headers and resolves once the server has greeted it. */
  static async open(origin: string, headers: Headers): Promise<EventStreamReader> {
    const listener = new EventStreamReader();
    const response = await fetch(new URL("/api/events", origin), { headers, signal: listener.aborted.signal });
    if (response.status !== 200 || !response.body) throw new Error(`GET /api/events answered ${response.status}.`);
    const greeted = listener.read(response.body);
    await greeted;
    return listener;
  }

  /** The job as the stream last described it, once it is no longer queued or running. */
  finished(id: string, timeoutMs: number): Promise<GenerationView> {
    const known = this.latest.get(id);
    if (known && isFinal(known)) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no final event for ${id} within ${timeoutMs} ms`)), timeoutMs);
      const list = this.waiting.get(id) ?? [];
      list.push((generation) => {
        clearTimeout(timer);
        resolve(generation);
      });
      this.waiting.set(id, list);
    });
  }

  /** Events heard so far (greeting and heartbeats aside). */
  get eventCount(): number {
    return this.heard;
  }

  close(): void {
    this.aborted.abort();
  }

  /** Resolves at the greeting; goes on reading in the background until closed. */
  private read(body: ReadableStream<Uint8Array>): Promise<void> {
    return new Promise((greeted, failed) => {
      const reader = body.getReader();
      const decoder = new TextDecoder();
      let text = "";
      const pump = async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          text += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = text.indexOf("\n\n")) >= 0) {
            const data = /^data: (.*)$/m.exec(text.slice(0, end))?.[1];
            text = text.slice(end + 2);
            if (data !== undefined) this.handle(JSON.parse(data) as Message, greeted);
          }
        }
      };
      pump().catch((error: unknown) => {
        if (!this.aborted.signal.aborted) failed(error);
      });
    });
  }

  private handle(message: Message, greeted: () => void): void {
    if (message.type === "hello") return greeted();
    if (message.type === "heartbeat") return;
    this.heard += 1;
    if (message.type === "resync") throw new Error("The stream asked for a resync, which a held stream never needs.");
    const generation = message.generation;
    if (message.type !== "generation" || !generation) return;
    this.latest.set(generation.id, generation);
    if (!isFinal(generation)) return;
    for (const resolve of this.waiting.get(generation.id) ?? []) resolve(generation);
    this.waiting.delete(generation.id);
  }
}

function isFinal(generation: GenerationView): boolean {
  return generation.status !== "queued" && generation.status !== "running";
}
