import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAimlApi, type FakeAimlApi } from "@/e2e/fake-api/server";
import { openStore } from "@/lib/server/store";
import { startPostgres, type RunningPostgres } from "./support/engines/postgres-server";
import { createDatabase } from "./support/engines/provision";
import { freshBucket } from "./support/store-kinds";
import { jobRows, until } from "./support/scale/rows";
import { deploymentEnv, startStudioProcess, stopStudioProcess, untilReady, type StudioProcess } from "./support/scale/processes";

const API_KEY = "scale-faults-key";
const FINISHED = ["succeeded", "failed", "canceled", "interrupted"];

/**
 * PostgreSQL restarted for real (`pg_ctl restart -m fast`, every connection cut) while a worker's
 * jobs are with the provider. A server of its own: the run's shared one serves other test files.
 */
describe("a deployment whose PostgreSQL restarts mid-job", () => {
  let postgres: RunningPostgres;
  let fake: FakeAimlApi;
  let databaseUrl: string;
  let instance: StudioProcess;
  let worker: StudioProcess;
  const dirs: string[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    const [url, bucket] = await Promise.all([createDatabase(postgres.url), freshBucket()]);
    databaseUrl = url;
    fake = await startFakeAimlApi({ port: 0, apiKey: API_KEY });
    const tempDir = async () => {
      const dir = await mkdtemp(join(tmpdir(), "studio-scale-faults-"));
      dirs.push(dir);
      return dir;
    };
    await (await openStore({ dataDir: await tempDir(), databaseUrl, s3: bucket })).close();
    const env = async (extra: Record<string, string>) => ({
      ...deploymentEnv({ databaseUrl, bucket, apiBaseUrl: fake.baseUrl, apiKey: API_KEY }),
      // As long as allowed: on a busy machine a restart can take many seconds, and the jobs should outlive it.
      STUDIO_JOB_LEASE_MS: "30000",
      STUDIO_RATE_LIMIT: "off",
      STUDIO_DATA_DIR: await tempDir(),
      ...extra,
    });
    instance = startStudioProcess("instance", "tests/support/scale/instance.ts", await env({ STUDIO_RUN_JOBS: "false" }));
    worker = startStudioProcess("worker", "scripts/worker.ts", await env({}));
    await untilReady(instance, worker);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([instance, worker].filter(Boolean).map((started) => stopStudioProcess(started)));
    await fake?.close();
    await postgres?.stop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  const statuses = (ids: string[]) => jobRows(databaseUrl, ids);

  const start = async (prompt: string) => {
    const answer = await instance.ask({ op: "start", visitorId: "through-restart", prompt }, 30_000);
    if (typeof answer.id !== "string") throw new Error(`Not started: ${String(answer.error)}`);
    return answer.id;
  };

  it("ends every job, tells the pages to resync, and keeps working without a restart of its own", async () => {
    await instance.ask({ op: "watch", visitorId: "through-restart" });
    const prompts = [0, 1, 2].map((index) => `through a restart ${index} [fault:slow:2500]`);
    const ids = await Promise.all(prompts.map(start));
    await until("every call to reach the provider", async () => fake.requests().filter((call) => prompts.includes(call.prompt ?? "")).length === 3);

    const restartedAt = Date.now();
    await postgres.restart();
    console.log(`PostgreSQL restarted in ${Date.now() - restartedAt} ms with 3 jobs at the provider`);

    await until("every job to end", async () => (await statuses(ids)).every((row) => FINISHED.includes(row.status)), 60_000);
    for (const row of await statuses(ids)) {
      // Ended, and either with its images or with a sentence saying why not.
      expect(row.status === "succeeded" || (row.error_message ?? "").length > 10).toBe(true);
    }
    const succeeded = (await statuses(ids)).filter((row) => row.status === "succeeded").length;
    console.log(`${succeeded} of 3 jobs succeeded across the restart; the others ended with a sentence`);
    // The instance's listening connection came back and said so to its pages.
    await instance.waitFor((line) => (line.event as { type?: string } | undefined)?.type === "resync", 15_000);

    // Both processes go on as before: a new job is claimed, run, and heard of live.
    const after = await start("after the restart");
    await instance.waitFor((line) => {
      const event = line.event as { type?: string; generation?: { id: string; status: string } } | undefined;
      return event?.generation?.id === after && event.generation.status === "succeeded";
    }, 20_000);
  }, 120_000);
});
