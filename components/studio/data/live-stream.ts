import type { QueryClient } from "@tanstack/react-query";
import { API_ROUTES, generationsPath } from "@/lib/shared/api-routes";
import type { GenerationView } from "@/lib/shared/gallery/view";
import { isPending } from "@/lib/shared/gallery/view";
import { SILENCE_FALLBACK_MS, type LiveEvent } from "@/lib/shared/live-events";
import { fetchResult } from "./fetch-result";
import { applyGeneration, applyLiveEvent } from "./live-cache";
import { OPTIMISTIC_PREFIX, studioKeys, type GalleryData } from "./queries";

type StreamMessage = LiveEvent | { type: "hello"; resumed: boolean } | { type: "heartbeat" };
interface Relayed {
  message: StreamMessage;
  sequence: number | null;
}

/** One name for the lock and the channel: the tabs of one browser share one stream through them. */
const SHARED_STREAM = "seedream-studio-live-events";
const WATCHDOG_MS = 5_000;

/**
 * The page's live feed. One tab of the browser (the holder of a Web Lock) keeps the only
 * `GET /api/events` stream open and repeats every message to the other tabs over a
 * BroadcastChannel: a stream per tab would take one of the six connections HTTP/1.1 allows per
 * site, and the seventh tab's actions would wait for ever. When the holder closes, another tab takes
 * the lock and resumes from the last event it heard. Every tab writes what it hears into its own
 * query cache. Tells `setLive(false)` once nothing (not even a heartbeat) has been heard for 35 s, when the
 * page quietly falls back to polling. Returns the way to stop it.
 */
export function startLiveStream(client: QueryClient, setLive: (live: boolean) => void): () => void {
  const channel = new BroadcastChannel(SHARED_STREAM);
  let lastHeardAt = Date.now();
  let lastSequence: number | null = null;

  const hear = ({ message, sequence }: Relayed) => {
    lastHeardAt = Date.now();
    setLive(true);
    if (sequence !== null) lastSequence = sequence;
    if (message.type === "heartbeat") return;
    // A new stream (not a resumed one) cannot know what changed since this page was drawn.
    if (message.type === "hello") {
      if (!message.resumed) void refreshPending(client);
      return;
    }
    applyLiveEvent(client, message);
  };
  channel.onmessage = (event: MessageEvent<Relayed>) => hear(event.data);

  const openStream = (): (() => void) => {
    const since = lastSequence === null ? "" : `?since=${lastSequence}`;
    const source = new EventSource(`${API_ROUTES.events}${since}`);
    source.onmessage = (event: MessageEvent<string>) => {
      const relayed: Relayed = { message: JSON.parse(event.data) as StreamMessage, sequence: event.lastEventId ? Number(event.lastEventId) : null };
      hear(relayed);
      channel.postMessage(relayed);
    };
    return () => source.close();
  };

  const leaving = new AbortController();
  if (navigator.locks) {
    navigator.locks
      .request(SHARED_STREAM, { signal: leaving.signal }, () => {
        const close = openStream();
        // Held until this tab goes away; then the next tab in line opens the stream.
        return new Promise<void>((release) =>
          leaving.signal.addEventListener("abort", () => {
            close();
            release();
          }),
        );
      })
      .catch(() => undefined); // The request is aborted when the tab leaves before its turn.
  } else {
    // Without Web Locks (a page served over plain http from another host), each tab streams alone.
    leaving.signal.addEventListener("abort", openStream());
  }

  const watchdog = setInterval(() => {
    if (Date.now() - lastHeardAt > SILENCE_FALLBACK_MS) setLive(false);
  }, WATCHDOG_MS);
  return () => {
    leaving.abort();
    channel.close();
    clearInterval(watchdog);
  };
}

/** One read of the jobs the gallery still shows as pending: what may have finished before the stream opened. */
async function refreshPending(client: QueryClient): Promise<void> {
  const pending = (client.getQueryData<GalleryData>(studioKeys.gallery())?.pages ?? [])
    .flatMap((page) => page.items)
    .flatMap((item) => (item.kind === "generation" && isPending(item.generation) ? [item.generation.id] : []))
    .filter((id) => !id.startsWith(OPTIMISTIC_PREFIX))
    .slice(0, 100);
  if (pending.length === 0) return;
  const result = await fetchResult<GenerationView[]>(generationsPath(pending));
  if (result.ok) for (const generation of result.value) applyGeneration(client, generation);
}
