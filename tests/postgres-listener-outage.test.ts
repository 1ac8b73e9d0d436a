import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { openPostgresListener, type PostgresListener } from "@/lib/server/events/postgres-listener";
import { startCuttableProxy, type CuttableProxy } from "./support/cuttable-proxy";
import { useTempStore } from "./support/store-fixtures";

const CHANNEL = "listener_outage";
/** Long enough for four attempts (after waits of 0.1, 0.5, 1 and 2 s), well short of the fifth (5 s more). */
const OUTAGE_MS = 6_500;

/**
 * The listening connection while its database is out of reach (the link cut on loopback, every
 * new connection refused): it tries again one attempt at a time with growing waits, never more,
 * and listens again once the database is back.
 */
describe("the listening connection through a database outage", () => {
  const stores = useTempStore("postgres+s3");
  let databaseUrl: string;
  let proxy: CuttableProxy;
  let listener: PostgresListener;

  beforeAll(async () => {
    const dataDir = await stores.dataDir();
    await stores.open(dataDir);
    databaseUrl = (await stores.settingsOf(dataDir)).databaseUrl!;
    const url = new URL(databaseUrl);
    proxy = await startCuttableProxy({ host: url.hostname, port: Number(url.port) });
    url.port = String(proxy.port);
    listener = await openPostgresListener(url.toString(), [CHANNEL]);
  });
  afterAll(async () => {
    await listener?.close();
    await proxy?.close();
    await stores.cleanup();
  });

  it("retries one attempt at a time while the database is gone, then hears notes again", async () => {
    const reconnected = new Promise<void>((resolve) => listener.onReconnect(resolve));
    const before = proxy.attempts.length;
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const during = proxy.attempts.slice(before);
    console.log(`attempts during ${OUTAGE_MS} ms: ${during.length}, at ${during.map((at) => at - during[0]!).join(", ")} ms`);
    // One attempt after each wait; a failed attempt that started two more would double them every few seconds.
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(during.length).toBeLessThanOrEqual(4);

    proxy.restore();
    await reconnected;
    const heard = new Promise<string>((resolve) => listener.on(CHANNEL, resolve));
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query("SELECT pg_notify($1, $2)", [CHANNEL, "back"]);
    } finally {
      await client.end();
    }
    expect(await heard).toBe("back");
  }, 20_000 + OUTAGE_MS);
});
