import "server-only";
import pg from "pg";

/** Waits before each reconnect after the listening connection drops; the last one repeats. */
const RECONNECT_MS = [100, 500, 1_000, 2_000, 5_000] as const;
/** NOTIFY's own limit is 8000 bytes; ids fit in far less, and a bigger payload is a bug. */
const MAX_PAYLOAD_BYTES = 7_900;

/** How the listening connections show in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = "seedream-studio-listener";

export interface PostgresListener {
  /** Calls `handler` with each payload sent to `channel`, by any process of the deployment, this one too. */
  on(channel: string, handler: (payload: string) => void): void;
  /** After the listening connection came back: whatever was sent meanwhile was missed. */
  onReconnect(handler: () => void): void;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * One dedicated connection per process that LISTENs to the deployment's channels (a pooled
 * connection would be handed to other queries), reconnecting with growing waits when it drops.
 * Notifications go out over a small pool of their own, so a busy store never delays them.
 */
export async function openPostgresListener(url: string, channels: readonly string[]): Promise<PostgresListener> {
  const handlers = new Map<string, Array<(payload: string) => void>>();
  const reconnectHandlers: Array<() => void> = [];
  const sender = new pg.Pool({ connectionString: url, max: 2 });
  sender.on("error", (error) => console.error("A PostgreSQL connection for notifications failed while idle", error));
  let client: pg.Client | null = null;
  let closed = false;
  let failures = 0;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, application_name: LISTENER_APPLICATION_NAME });
    next.on("notification", ({ channel, payload }) => {
      for (const handler of handlers.get(channel) ?? []) handler(payload ?? "");
    });
    // Either event alone may come when the server goes away; the reconnect must start once.
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost || closed) return;
      lost = true;
      if (error) console.error("The PostgreSQL connection listening for changes dropped; reconnecting.", error.message);
      scheduleReconnect();
    };
    next.on("error", onLost);
    next.on("end", () => onLost());
    await next.connect();
    for (const channel of channels) await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
  }

  // One reconnect at a time: a failed attempt reports itself twice (its promise and its "end"), and
  // without this each failure would start two more, doubling the attempts every few seconds.
  let reconnectPending = false;
  function scheduleReconnect(): void {
    if (reconnectPending) return;
    reconnectPending = true;
    const wait = RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)];
    failures += 1;
    setTimeout(() => {
      reconnectPending = false;
      if (closed) return;
      connect()
        .then(() => {
          failures = 0;
          for (const handler of reconnectHandlers) handler();
        })
        .catch((error: unknown) => {
          console.error("Reconnecting to PostgreSQL for changes failed; trying again.", error instanceof Error ? error.message : error);
          scheduleReconnect();
        });
    }, wait).unref();
  }

  await connect();
  return {
    on(channel, handler) {
      handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
    },
    onReconnect(handler) {
      reconnectHandlers.push(handler);
    },
    async notify(channel, payload) {
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`A notification on ${channel} is too big to send.`);
      await sender.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
    async close() {
      closed = true;
      await Promise.allSettled([client?.end(), sender.end()]);
    },
  };
}
