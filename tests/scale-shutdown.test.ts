import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAimlApi, type FakeAimlApi } from "@/e2e/fake-api/server";
import { openStore } from "@/lib/server/store";
import { CUT_SHORT_EXIT_CODE, SHUTDOWN_DEADLINE_MS } from "@/server/shutdown";
import { startCuttableProxy, type CuttableProxy } from "./support/cuttable-proxy";
import { freshBucket, freshDatabaseUrl } from "./support/store-kinds";
import { jobRows, until } from "./support/scale/rows";
import { deploymentEnv, startStudioProcess, stopStudioProcess, untilReady, type StudioProcess } from "./support/scale/processes";

const API_KEY = "scale-shutdown-key";
/** Short, so the job is taken over while the worker is still stopping. */
const LEASE_MS = 3_000;
/** What a loaded machine may add between the deadline and the process being gone. */
const EXIT_SLACK_MS = 3_000;

/**
 * `npm run worker` told to stop (SIGTERM) in the worst state: its job hangs at the provider, and its
 * database stops answering (the link frozen on loopback, as when the host vanishes: no error, no
 * close, queries wait for ever). It still exits within the bound, and the job is not left running:
 * the other process takes it over when its claim lapses.
 */
describe("a worker stopping while its job and its database both hang", () => {
  let fake: FakeAimlApi;
  let proxy: CuttableProxy;
  let databaseUrl: string;
  let instance: StudioProcess;
  let worker: StudioProcess;
  let dir: string;

  beforeAll(async () => {
    const [url, bucket] = await Promise.all([freshDatabaseUrl(), freshBucket()]);
    databaseUrl = url;
    fake = await startFakeAimlApi({ port: 0, apiKey: API_KEY });
    dir = await mkdtemp(join(tmpdir(), "studio-scale-shutdown-"));
    await (await openStore({ dataDir: dir, databaseUrl, s3: bucket })).close();
    const direct = new URL(databaseUrl);
    proxy = await startCuttableProxy({ host: direct.hostname, port: Number(direct.port) });
    const throughProxy = new URL(databaseUrl);
    throughProxy.port = String(proxy.port);
    const env = (extra: Record<string, string>) => ({
      ...deploymentEnv({ databaseUrl, bucket, apiBaseUrl: fake.baseUrl, apiKey: API_KEY }),
      STUDIO_JOB_LEASE_MS: String(LEASE_MS),
      STUDIO_RATE_LIMIT: "off",
      STUDIO_DATA_DIR: dir,
      ...extra,
    });
    instance = startStudioProcess("instance", "tests/support/scale/instance.ts", env({ STUDIO_RUN_JOBS: "false" }));
    worker = startStudioProcess("worker", "scripts/worker.ts", env({ DATABASE_URL: throughProxy.toString() }));
    await untilReady(instance, worker);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([instance, worker].filter(Boolean).map((started) => stopStudioProcess(started)));
    await proxy?.close();
    await fake?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("exits within the bound on SIGTERM, and the job is taken over", async () => {
    const prompt = "a job the provider never answers [fault:hang]";
    const started = await instance.ask({ op: "start", visitorId: "stopping", prompt }, 30_000);
    const id = String(started.id);
    await until("the worker's call to reach the provider", async () => fake.requests().some((call) => call.prompt === prompt));

    proxy.freeze();
    const signalledAt = Date.now();
    worker.child.kill("SIGTERM");
    const code = await Promise.race([
      worker.exited,
      new Promise<string>((resolve) => setTimeout(() => resolve("still running"), SHUTDOWN_DEADLINE_MS + 10_000)),
    ]);
    const took = Date.now() - signalledAt;
    console.log(`The worker exited ${took} ms after SIGTERM (code ${code})`);
    // Cut short by the deadline: handing the job back waited on the frozen database.
    expect(code).toBe(CUT_SHORT_EXIT_CODE);
    expect(took).toBeLessThan(SHUTDOWN_DEADLINE_MS + EXIT_SLACK_MS);

    // The instance, on a database link of its own, took the lapsed claim over: Retry, not "running".
    await until("the job to be taken over", async () => (await jobRows(databaseUrl, [id]))[0]?.status === "interrupted", 15_000);
  }, 60_000);
});
