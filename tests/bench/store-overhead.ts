import { mkdtemp, rm, statfs } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeAimlApi, type FakeAimlApi } from "@/e2e/fake-api/server";
import { createAimlApiEngine } from "@/lib/server/engine/aimlapi";
import type { ImageProvider } from "@/lib/server/engine/types";
import { createJobs, type Jobs } from "@/lib/server/jobs";
import { openStore, type Store, type StoreSettings } from "@/lib/server/store";
import { startPostgres } from "../support/engines/postgres-server";
import { startS3 } from "../support/engines/s3-server";
import { createBucket, createDatabase } from "../support/engines/provision";
import { newVisitorId } from "@/lib/server/visitor-id";
import type { Figure, Measurement } from "./figure";
import { formatMs, median, percentile } from "./stats";

/** Issue 3: the store may add at most this much to a generation, beyond the provider's own time. */
const BUDGET_MS = 60;
const LATENCY_MS = 500;
const SIDE = 2048;
const WARM_UP_RUNS = 2;
const MEASURED_RUNS = 20;
const API_KEY = "bench-key";

/** performance.now() readings of one generation, taken by the wrappers below. */
interface Clocks {
  providerStart?: number;
  /** The fake's answer to the generation call has arrived; the engine then downloads and decodes. */
  answered?: number;
  providerEnd?: number;
  stored?: number;
}

interface Run {
  overhead: number;
  beforeProvider: number;
  afterProvider: number;
  provider: number;
  /** The engine's part of the provider call: from the API's answer to checked bytes. */
  engineAfterAnswer: number;
  /** The same overhead from the record's own timestamps (whole milliseconds, taken before the commit). */
  byRecord: number;
  thumbnail: number;
  outputBytes: number;
  sha256: string;
}

/** S1 on the embedded store, and on PostgreSQL + S3 (a real server and s3rver, both on loopback). */
export const storeOverhead = storeOverheadOn("sqlite+disk");
export const storeOverheadShared = storeOverheadOn("postgres+s3");

function storeOverheadOn(kind: "sqlite+disk" | "postgres+s3"): Figure {
  return {
    id: kind === "sqlite+disk" ? "S1" : "S1-pg",
    title: `store overhead per generation, ${SIDE}×${SIDE} output, ${kind === "sqlite+disk" ? "SQLite + data dir" : "PostgreSQL + S3"}`,
    budget: `≤ ${BUDGET_MS} ms median`,
    async measure(): Promise<Measurement> {
      const dataDir = await mkdtemp(join(tmpdir(), "studio-bench-"));
      let fake: FakeAimlApi | undefined;
      let store: Store | undefined;
      const servers: Array<{ stop(): Promise<void> }> = [];
      try {
        fake = await startFakeAimlApi({ port: 0, apiKey: API_KEY, latencyMs: LATENCY_MS });
        store = await openStore(await benchSettings(kind, dataDir, servers));
        const clocks: Clocks = {};
        const engine = createAimlApiEngine({ apiKey: API_KEY, baseUrl: fake.baseUrl, fetch: timedFetch(clocks) });
        const jobs = createJobs({
          store: timedStore(store, clocks),
          provider: timedProvider(engine, clocks),
          maxConcurrency: 1,
          deadlineMs: 60_000,
        });
        const visitorId = newVisitorId();

        const runs: Run[] = [];
        for (let index = 0; index < WARM_UP_RUNS + MEASURED_RUNS; index++) {
          const run = await generateOnce(jobs, store, clocks, visitorId, index);
          if (index >= WARM_UP_RUNS) runs.push(run);
        }
        if (new Set(runs.map((run) => run.sha256)).size !== runs.length) {
          throw new Error("Two runs produced the same output; the store would skip the second write.");
        }
        return summarise(runs, dataDir, fake.origin);
      } finally {
        await store?.close();
        await fake?.close();
        for (const server of servers) await server.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

async function benchSettings(kind: string, dataDir: string, servers: Array<{ stop(): Promise<void> }>): Promise<StoreSettings> {
  if (kind === "sqlite+disk") return { dataDir };
  const [postgres, s3] = await Promise.all([startPostgres(), startS3()]);
  servers.push(postgres, s3);
  const [databaseUrl, bucket] = await Promise.all([createDatabase(postgres.url), createBucket(s3.endpoint)]);
  return { dataDir, databaseUrl, s3: bucket };
}

/**
 * One generation through the jobs layer, waited for to the end, then its thumbnail, so the next
 * run starts on a quiet process. A distinct seed per run gives distinct bytes: the store is
 * content-addressed and would skip writing a blob it already has.
 */
async function generateOnce(jobs: Jobs, store: Store, clocks: Clocks, visitorId: string, index: number): Promise<Run> {
  for (const key of Object.keys(clocks) as Array<keyof Clocks>) delete clocks[key];
  const created = performance.now();
  const job = await jobs.start(visitorId, {
    settings: { prompt: `a lighthouse at dusk, run ${index}`, image_size: { width: SIDE, height: SIDE }, seed: 1000 + index },
    inputImageIds: [],
  });
  await jobs.idle();

  const result = await store.generations.withOutputs(visitorId, job.id);
  const generation = result?.generation;
  if (generation?.status !== "succeeded") {
    throw new Error(`Run ${index} ended ${generation?.status ?? "missing"}: ${generation?.errorCode} ${generation?.errorMessage}`);
  }
  const [output] = result?.outputs ?? [];
  if (result?.outputs.length !== 1 || output?.width !== SIDE || output.height !== SIDE) {
    throw new Error(`Run ${index} stored ${result?.outputs.length} outputs, the first ${output?.width}×${output?.height}.`);
  }
  const { providerStart, answered, providerEnd, stored } = clocks;
  if (providerStart === undefined || answered === undefined || providerEnd === undefined || stored === undefined) {
    throw new Error(`Run ${index} did not pass through the provider and the store's completion.`);
  }

  const thumbnail = await store.images.open(visitorId, output.id, "thumbnail");
  if (!thumbnail) throw new Error(`Run ${index} has no thumbnail.`);
  thumbnail.stream.destroy();
  const thumbnailReady = performance.now();

  const provider = providerEnd - providerStart;
  return {
    overhead: stored - created - provider,
    beforeProvider: providerStart - created,
    afterProvider: stored - providerEnd,
    provider,
    engineAfterAnswer: providerEnd - answered,
    byRecord: (generation.finishedAt ?? NaN) - generation.createdAt - provider,
    thumbnail: thumbnailReady - stored,
    outputBytes: output.bytes,
    sha256: output.sha256,
  };
}

function timedProvider(provider: ImageProvider, clocks: Clocks): ImageProvider {
  return {
    id: provider.id,
    label: provider.label,
    async generate(request, options) {
      clocks.providerStart = performance.now();
      try {
        return await provider.generate(request, options);
      } finally {
        clocks.providerEnd = performance.now();
      }
    },
  };
}

function timedFetch(clocks: Clocks): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (String(input instanceof Request ? input.url : input).endsWith("/images/generations")) {
      clocks.answered = performance.now();
    }
    return response;
  };
}

/** The moment runs.complete has committed the outputs' rows and the move to succeeded. */
function timedStore(store: Store, clocks: Clocks): Store {
  return {
    ...store,
    runs: {
      ...store.runs,
      async complete(generationId, outcome) {
        const completed = await store.runs.complete(generationId, outcome);
        clocks.stored = performance.now();
        return completed;
      },
    },
  };
}

async function summarise(runs: Run[], dataDir: string, origin: string): Promise<Measurement> {
  const overheads = runs.map((run) => run.overhead);
  const middle = median(overheads);
  const stat = (pick: (run: Run) => number) => formatMs(median(runs.map(pick)));
  const outputMb = median(runs.map((run) => run.outputBytes)) / 1e6;
  return {
    measured: `median ${formatMs(middle)}, p95 ${formatMs(percentile(overheads, 95))}`,
    withinBudget: middle <= BUDGET_MS,
    notes: [
      `${runs.length} sequential text-to-image generations after ${WARM_UP_RUNS} warm-ups, one ${SIDE}×${SIDE} PNG each ` +
        `(median ${outputMb.toFixed(2)} MB), through createJobs with the aimlapi engine against the fake AI/ML API ` +
        `at ${origin} (in-process, ${LATENCY_MS} ms latency); store in ${dataDir} (${await filesystemOf(dataDir)}).`,
      "overhead = [jobs.start() called → store.runs.complete() committed] − provider call.",
      `  before the call, median ${stat((run) => run.beforeProvider)}: record the visitor and insert the row as ` +
        "running (a slot was free), read the row back, build the request.",
      `  after the call, median ${stat((run) => run.afterProvider)}: header check, sha256, the blob found already ` +
        "written (the engine wrote it while checking the output, inside the provider call below), rows + succeeded in one transaction.",
      `provider call = the engine's generate() as the job awaits it, median ${stat((run) => run.provider)}: ` +
        `the fake's ${LATENCY_MS} ms latency (its drawing done meanwhile) and the JSON call over HTTP, then the output's download ` +
        `and the engine's full decode check, which makes the thumbnail in the same pass, with the blob's write beside it ` +
        `(median ${stat((run) => run.engineAfterAnswer)} of the call: the studio's work, but the engine's, not the store's).`,
      `not counted: storing the WebP thumbnail, started after the commit and not awaited by the job ` +
        `(ready a median ${stat((run) => run.thumbnail)} after the commit; each run waits for it before the next).`,
      `cross-check from the record's timestamps (createdAt → finishedAt, whole ms, finishedAt set before the commit): ` +
        `median ${stat((run) => run.byRecord)}.`,
    ],
  };
}

/** tmpfs would make the fsyncs free and the figure look better than on a real disk. */
async function filesystemOf(path: string): Promise<string> {
  const names: Record<number, string> = {
    0xef53: "ext4",
    0x01021994: "tmpfs",
    0x794c7630: "overlayfs",
    0x58465342: "xfs",
    0x9123683e: "btrfs",
  };
  const { type } = await statfs(path);
  return names[type] ?? `filesystem 0x${type.toString(16)}`;
}
