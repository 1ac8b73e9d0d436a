import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { startFakeAimlApi } from "@/e2e/fake-api/server";
import { openStore } from "@/lib/server/store";
import { startPostgres } from "../support/engines/postgres-server";
import { createBucket, createDatabase } from "../support/engines/provision";
import { startS3 } from "../support/engines/s3-server";
import { deploymentEnv, startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/scale/processes";
import type { Figure } from "./figure";
import { formatMs, median, percentile } from "./stats";

const API_KEY = "bench-scale-key";
const FAKE_LATENCY_MS = 300;
const CONCURRENCY = 8;
const VISITORS = 20;
const JOBS_PER_VISITOR = 5;
const SEQUENTIAL_JOBS = 20;
const INSTANCE = "tests/support/scale/instance.ts";

interface Topology {
  name: string;
  /** Processes that record jobs; the first also runs them unless told otherwise. */
  recorders: Array<{ name: string; runsJobs: boolean }>;
  workers: number;
}

const ONE_INSTANCE: Topology = { name: "1 instance", recorders: [{ name: "A", runsJobs: true }], workers: 0 };
const SCALED_OUT: Topology = {
  name: "2 instances + 1 worker",
  recorders: [
    { name: "A", runsJobs: true },
    { name: "B", runsJobs: false },
  ],
  workers: 1,
};

interface Result {
  jobsPerSecond: number;
  /** Creation to claim, one job at a time (a slot always free). */
  claimWaits: number[];
  /** Creation to the provider call, the same jobs. */
  callWaits: number[];
}

/**
 * J1: the same jobs through one instance, and through two instances and a worker sharing
 * PostgreSQL and S3, at the same fake latency and deployment-wide concurrency. On one machine the
 * CPU cannot grow, so the throughput ratio is what coordinating through the database costs.
 */
export const scaleOut: Figure = {
  id: "J1",
  title: "jobs across processes (2 instances + worker vs 1)",
  budget: "ratio ≥ 0.95; creation→claim p95 ≤ 50 ms",
  async measure() {
    const [postgres, s3] = await Promise.all([startPostgres(), startS3()]);
    const fake = await startFakeAimlApi({ port: 0, apiKey: API_KEY, latencyMs: FAKE_LATENCY_MS });
    try {
      const single = await measureTopology(ONE_INSTANCE, postgres.url, s3.endpoint, fake.baseUrl);
      const scaled = await measureTopology(SCALED_OUT, postgres.url, s3.endpoint, fake.baseUrl);
      const ratio = scaled.jobsPerSecond / single.jobsPerSecond;
      const p95 = percentile(scaled.claimWaits, 95);
      const describe = (result: Result) =>
        `${result.jobsPerSecond.toFixed(2)} jobs/s; creation→claim p50 ${formatMs(median(result.claimWaits))}, p95 ${formatMs(percentile(result.claimWaits, 95))}; ` +
        `creation→provider call p50 ${formatMs(median(result.callWaits))}, p95 ${formatMs(percentile(result.callWaits, 95))}`;
      return {
        measured: `ratio ${ratio.toFixed(2)}; p95 ${formatMs(p95)}`,
        withinBudget: ratio >= 0.95 && p95 <= 50,
        notes: [
          `${VISITORS} visitors × ${JOBS_PER_VISITOR} jobs at once, fake latency ${FAKE_LATENCY_MS} ms, STUDIO_MAX_CONCURRENCY=${CONCURRENCY} for the deployment.`,
          `${ONE_INSTANCE.name}: ${describe(single)}.`,
          `${SCALED_OUT.name} (recorded on A and B, B runs none): ${describe(scaled)}.`,
          `creation→claim and →provider call: ${SEQUENTIAL_JOBS} jobs one at a time, from the row's created_at to the claim's started_at and to its provider_called_at.`,
        ],
      };
    } finally {
      await fake.close();
      await Promise.all([postgres.stop(), s3.stop()]);
    }
  },
};

async function measureTopology(topology: Topology, adminUrl: string, s3Endpoint: string, fakeBaseUrl: string): Promise<Result> {
  const [databaseUrl, bucket] = await Promise.all([createDatabase(adminUrl), createBucket(s3Endpoint)]);
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "studio-bench-scale-"));
    dirs.push(dir);
    return dir;
  };
  // Migrated once, before the processes start.
  await (await openStore({ dataDir: await tempDir(), databaseUrl, s3: bucket })).close();
  const env = async (runsJobs: boolean) => ({
    ...deploymentEnv({ databaseUrl, bucket, apiBaseUrl: fakeBaseUrl, apiKey: API_KEY }),
    STUDIO_MAX_CONCURRENCY: String(CONCURRENCY),
    STUDIO_RATE_LIMIT: "off",
    STUDIO_DAILY_IMAGE_LIMIT: "off",
    STUDIO_RUN_JOBS: String(runsJobs),
    STUDIO_DATA_DIR: await tempDir(),
  });
  const processes: StudioProcess[] = [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const recorders = await Promise.all(
      topology.recorders.map(async ({ name, runsJobs }) => startStudioProcess(name, INSTANCE, await env(runsJobs))),
    );
    const workers = await Promise.all(
      Array.from({ length: topology.workers }, async () => startStudioProcess("worker", "scripts/worker.ts", await env(true))),
    );
    processes.push(...recorders, ...workers);
    await Promise.all([
      ...recorders.map((started) => started.waitFor((line) => "ready" in line, 60_000)),
      ...workers.map((started) => started.waitFor((line) => String(line.text ?? "").includes("is taking jobs"), 60_000)),
    ]);
    // Recorded on the last recorder: the one that runs no jobs when there are two.
    const recordOn = recorders.at(-1)!;
    const start = async (on: StudioProcess, visitorId: string, prompt: string) => {
      const answer = await on.ask({ op: "start", visitorId, prompt }, 60_000);
      if (typeof answer.id !== "string") throw new Error(`${on.name} did not start a job: ${String(answer.error)}`);
      return answer.id;
    };
    const allDone = async (ids: string[]) => {
      for (;;) {
        const { rows } = await client.query<{ count: number }>(
          "SELECT count(*)::int AS count FROM generations WHERE id = ANY($1) AND status IN ('succeeded', 'failed', 'canceled', 'interrupted')",
          [ids],
        );
        if (rows[0]?.count === ids.length) return;
        await sleep(5);
      }
    };

    const claimWaits: number[] = [];
    const callWaits: number[] = [];
    for (let index = 0; index < SEQUENTIAL_JOBS; index++) {
      const id = await start(recordOn, "one-at-a-time", `alone ${index}`);
      await allDone([id]);
      const { rows } = await client.query<{ wait: string; call: string }>(
        "SELECT started_at - created_at AS wait, provider_called_at - created_at AS call FROM generations WHERE id = $1",
        [id],
      );
      claimWaits.push(Number(rows[0]?.wait));
      callWaits.push(Number(rows[0]?.call));
    }

    const ids = await Promise.all(
      Array.from({ length: VISITORS * JOBS_PER_VISITOR }, (_, index) =>
        start(recorders[index % recorders.length]!, `visitor-${index % VISITORS}`, `busy ${index}`),
      ),
    );
    await allDone(ids);
    const { rows } = await client.query<{ failed: number; first: string; last: string }>(
      `SELECT count(*) FILTER (WHERE status <> 'succeeded')::int AS failed, min(created_at) AS first, max(finished_at) AS last
       FROM generations WHERE id = ANY($1)`,
      [ids],
    );
    const [summary] = rows;
    if (!summary || summary.failed > 0) throw new Error(`${summary?.failed} of ${ids.length} jobs did not succeed on ${topology.name}.`);
    return { jobsPerSecond: (ids.length * 1000) / (Number(summary.last) - Number(summary.first)), claimWaits, callWaits };
  } finally {
    await client.end();
    await Promise.all(processes.map((started) => stopStudioProcess(started)));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
