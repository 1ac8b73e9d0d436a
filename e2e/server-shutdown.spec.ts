import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { expect, request, test } from "@playwright/test";
import { CUT_SHORT_EXIT_CODE, SHUTDOWN_DEADLINE_MS } from "@/server/shutdown";
import { startCuttableProxy } from "../tests/support/cuttable-proxy";
import { freePort, startPostgres } from "../tests/support/engines/postgres-server";
import { startInput } from "./support/bad-input";
import { fakeApi } from "./support/fake-api";
import { accepted, actionIds, StudioActions } from "./support/studio-actions";

/** What a loaded machine may add between the deadline and the process being gone. */
const EXIT_SLACK_MS = 3_000;
const FAKE_ORIGIN = `http://127.0.0.1:${4010 + Number(process.env.E2E_PORT_OFFSET ?? 0)}`;

/**
 * `npm start` told to stop (SIGTERM) in the state that once kept servers running for half an hour:
 * a page's event stream open, its job hanging at the provider, and its PostgreSQL no longer
 * answering (the link frozen on loopback, as when the database's host vanishes). A server of its
 * own, spawned from the build the suite serves, on a PostgreSQL of its own.
 */
test("a server stopping with an open event stream, a hung job and a silent database exits within its bound", async () => {
  test.setTimeout(90_000);
  const postgres = await startPostgres();
  const dataDir = await mkdtemp(join(tmpdir(), "studio-shutdown-"));
  // The server's own PostgreSQL: its maintenance database will do.
  const databaseUrl = new URL(postgres.url);
  const proxy = await startCuttableProxy({ host: databaseUrl.hostname, port: Number(databaseUrl.port) });
  databaseUrl.port = String(proxy.port);
  const port = await freePort();
  const server = spawn(process.execPath, ["--import", "tsx", "server/main.ts", "--hostname", "127.0.0.1", "--port", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl.toString(),
      STUDIO_DATA_DIR: dataDir,
      AIMLAPI_KEY: "e2e-test-key",
      AIMLAPI_BASE_URL: `${FAKE_ORIGIN}/v1`,
      STUDIO_RATE_LIMIT: "off",
      STUDIO_DAILY_IMAGE_LIMIT: "off",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
  const stderr: string[] = [];
  createInterface({ input: server.stderr! }).on("line", (line) => stderr.push(line));
  const baseURL = `http://127.0.0.1:${port}`;
  const visitor = await request.newContext({ baseURL });
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: server.stdout! }).on("line", (line) => line.includes("listening on") && resolve());
      void exited.then((code) => reject(new Error(`The server exited (${code}) before listening:\n${stderr.join("\n")}`)));
    });
    expect((await visitor.get("/api/health")).status()).toBe(200);
    const cookie = (await visitor.storageState()).cookies.map(({ name, value }) => `${name}=${value}`).join("; ");
    const stream = await fetch(`${baseURL}/api/events`, { headers: { cookie } });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    await stream.body!.getReader().read();

    const prompt = `A server told to stop mid-job ${port} [fault:hang]`;
    accepted(await new StudioActions(visitor, actionIds()).call("startGeneration", startInput({ prompt })));
    await expect.poll(async () => (await fakeApi.requests(visitor)).some((call) => call.prompt === prompt)).toBe(true);

    proxy.freeze();
    const signalledAt = Date.now();
    server.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve("still running"), SHUTDOWN_DEADLINE_MS + 10_000))]);
    const took = Date.now() - signalledAt;
    console.log(`The server exited ${took} ms after SIGTERM (code ${code})`);
    // Cut short by the deadline: handing the job back waited on the silent database.
    expect(code).toBe(CUT_SHORT_EXIT_CODE);
    expect(took).toBeLessThan(SHUTDOWN_DEADLINE_MS + EXIT_SLACK_MS);
  } finally {
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
    await exited;
    await visitor.dispose();
    await proxy.close();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
