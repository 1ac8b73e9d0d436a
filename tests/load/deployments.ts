import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openStore } from "@/lib/server/store";
import { startApp, type AppServer } from "../bench/support/app-server";
import { cpuSecondsOfTree } from "../bench/support/cpu-time";
import { createBucket, createDatabase } from "../support/engines/provision";
import { deploymentEnv, startStudioProcess, stopStudioProcess, type StudioProcess } from "../support/scale/processes";

/** Where the simulated visitors go: each visitor's actions to one origin, its event stream to another. */
export interface Deployment {
  name: string;
  origins: string[];
  /** CPU seconds of every process of the deployment so far. */
  cpuSeconds(): number;
  peakRssBytes(): number;
  /** Creation to the provider call of every job, in ms (from the rows: provider_called_at − created_at). */
  providerCallWaits(): Promise<number[]>;
  stop(): Promise<void>;
}

export interface Engines {
  postgresUrl: string;
  s3Endpoint: string;
}

/**
 * One app instance on PostgreSQL and S3, or two instances (A runs jobs, B only records them, like pages
 * on a serverless host) and one worker (`npm run worker`): the same deployment-wide concurrency either way.
 */
export async function startDeployment(
  scaled: boolean,
  engines: Engines,
  base: Record<string, string>,
  fake: { baseUrl: string; apiKey: string },
): Promise<Deployment> {
  const [databaseUrl, bucket] = await Promise.all([createDatabase(engines.postgresUrl), createBucket(engines.s3Endpoint)]);
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "studio-load-scale-"));
    dirs.push(dir);
    return dir;
  };
  // Migrated once, before the processes start.
  await (await openStore({ dataDir: await tempDir(), databaseUrl, s3: bucket })).close();
  // One secret for every instance: a visitor's cookie holds on whichever the balancer picks.
  const sessionSecret = randomBytes(32).toString("base64");
  const env = async (runsJobs: boolean) => ({
    ...base,
    ...deploymentEnv({ databaseUrl, bucket, apiBaseUrl: fake.baseUrl, apiKey: fake.apiKey }),
    STUDIO_SESSION_SECRET: sessionSecret,
    STUDIO_RUN_JOBS: String(runsJobs),
    STUDIO_DATA_DIR: await tempDir(),
  });
  const apps: AppServer[] = [];
  let worker: StudioProcess | null = null;
  try {
    apps.push(await startApp(await env(true)));
    if (scaled) {
      apps.push(await startApp(await env(false)));
      worker = startStudioProcess("worker", "scripts/worker.ts", await env(true));
      await worker.waitFor((line) => String(line.text ?? "").includes("is taking jobs"), 60_000);
    }
  } catch (error) {
    await Promise.all(apps.map((app) => app.stop()));
    if (worker) await stopStudioProcess(worker);
    throw error;
  }
  const pids = [...apps.map((app) => app.pid), ...(worker?.pid ? [worker.pid] : [])];
  return {
    name: scaled ? "2 instances + 1 worker" : "1 instance",
    origins: apps.map((app) => app.origin),
    cpuSeconds: () => pids.reduce((sum, pid) => sum + cpuSecondsOfTree(pid), 0),
    peakRssBytes: () => apps.reduce((sum, app) => sum + app.peakRssBytes(), 0),
    async providerCallWaits() {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ wait: string }>(
          "SELECT provider_called_at - created_at AS wait FROM generations WHERE provider_called_at IS NOT NULL",
        );
        return rows.map((row) => Number(row.wait));
      } finally {
        await client.end();
      }
    },
    async stop() {
      await Promise.all(apps.map((app) => app.stop()));
      if (worker) await stopStudioProcess(worker, "SIGTERM");
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}
