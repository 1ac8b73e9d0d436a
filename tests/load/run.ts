import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startFakeAimlApi } from "@/e2e/fake-api/server";
import type { GenerationView } from "@/lib/shared/gallery/view";
import { startApp } from "../bench/support/app-server";
import { percentile } from "../bench/stats";
import { cpuSecondsOfTree } from "../bench/support/cpu-time";
import { Visitor, type ActionIds } from "./action-client";
import type { EventStreamReader } from "./event-stream-reader";
import { captureActionIds } from "./capture-actions";
import { startDeployment, type Deployment } from "./deployments";
import { startPostgres } from "../support/engines/postgres-server";
import { startS3 } from "../support/engines/s3-server";

/**
 * `npm run load` (issue 6, item 8): simulated visitors generate against the built app, which
 * talks to the fake AI/ML API in this process. Each visitor behaves like a person: it opens the
 * page, holds the page's event stream, presses Generate, learns from the stream (and only from it:
 * the simulated visitor cannot poll) that the job is final, and goes again.
 * Exits non-zero on any failed job, unexpected answer or lost image; quota refusals
 * (`quota_exceeded`) are intended and only counted.
 *
 * `--scale-out` runs the same load twice on PostgreSQL and S3: on one instance, then on two instances
 * and a worker at the same deployment-wide concurrency, each visitor's actions on one instance and
 * its event stream on the other; it prints generations/s for both and creation → provider call.
 *
 * Needs a production build: `npm run build`, or NEXT_DIST_DIR=<dir> for a build elsewhere.
 */
const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: {
    short: { type: "boolean", default: false },
    visitors: { type: "string" },
    "per-visitor": { type: "string" },
    "latency-ms": { type: "string" },
    concurrency: { type: "string" },
    "scale-out": { type: "boolean", default: false },
  },
});

const SHORT = { visitors: 10, perVisitor: 2, latencyMs: 500 };
const FULL = { visitors: 50, perVisitor: 5, latencyMs: 2_000 };
const base = flags.short ? SHORT : FULL;
const config = {
  visitors: whole(flags.visitors, base.visitors),
  perVisitor: whole(flags["per-visitor"], base.perVisitor),
  latencyMs: whole(flags["latency-ms"], base.latencyMs, 0),
  // A third of the visitors at once: the provider is the bottleneck, and its own rate limit is what
  // this guards. Queue wait shows in the latency figures below.
  concurrency: whole(flags.concurrency, 16),
};
const API_KEY = "load-test-key";
/** Per job: far beyond the queue wait of a full run, so only a stuck job ever meets it. */
const JOB_TIMEOUT_MS = 5 * 60_000;

interface Tally {
  succeeded: GenerationView[];
  failed: GenerationView[];
  refusals: string[];
  errors: string[];
  images: number;
  lost: string[];
}

interface Run {
  wallMs: number;
  peakRss: number;
  providerCalls: number;
  rateLimit: string;
  serverCpu: number;
}

function appEnv(rateLimit: string, apiBaseUrl: string): Record<string, string> {
  return {
    STUDIO_ENGINE: "aimlapi",
    AIMLAPI_KEY: API_KEY,
    AIMLAPI_BASE_URL: apiBaseUrl,
    STUDIO_MAX_CONCURRENCY: String(config.concurrency),
    STUDIO_RATE_LIMIT: rateLimit,
    // The load test plays the reverse proxy: each simulated visitor's X-Forwarded-For is believed
    // only because its one hop (this process, on loopback) is trusted.
    STUDIO_TRUSTED_PROXIES: "127.0.0.1",
    // A load test is not a day's spend.
    STUDIO_DAILY_IMAGE_LIMIT: "off",
    STUDIO_PASSCODE: "",
  };
}

async function main(): Promise<number> {
  if (flags["scale-out"]) return scaleOut();
  const fake = await startFakeAimlApi({ port: 0, apiKey: API_KEY, latencyMs: config.latencyMs });
  const dataDir = await mkdtemp(join(tmpdir(), "studio-load-"));
  const rateLimit = process.env.STUDIO_RATE_LIMIT || "30";
  const app = await startApp({ ...appEnv(rateLimit, fake.baseUrl), STUDIO_DATA_DIR: dataDir }).catch(async (error: unknown) => {
    await fake.close();
    throw error;
  });
  try {
    const actions = await captureActionIds(app.origin);
    fake.clearRequests();
    const cpuBefore = cpuSecondsOfTree(app.pid);
    const { tally, wallMs } = await load([app.origin], actions);
    const run = { wallMs, peakRss: app.peakRssBytes(), providerCalls: fake.requests().length, rateLimit, serverCpu: cpuSecondsOfTree(app.pid) - cpuBefore };
    report(tally, run);
    return isClean(tally) ? 0 : 1;
  } finally {
    await app.stop();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Every visitor at once; with several origins, a visitor's actions go to one and its event stream to the next. */
async function load(origins: string[], actions: ActionIds): Promise<{ tally: Tally; wallMs: number }> {
  const tally: Tally = { succeeded: [], failed: [], refusals: [], errors: [], images: 0, lost: [] };
  const started = Date.now();
  await Promise.all(
    Array.from({ length: config.visitors }, (_, index) =>
      runVisitor({ actions: origins[index % origins.length]!, events: origins[(index + 1) % origins.length]! }, actions, index, tally),
    ),
  );
  return { tally, wallMs: Date.now() - started };
}

async function scaleOut(): Promise<number> {
  const [postgres, s3] = await Promise.all([startPostgres(), startS3()]);
  const fake = await startFakeAimlApi({ port: 0, apiKey: API_KEY, latencyMs: config.latencyMs });
  const rateLimit = process.env.STUDIO_RATE_LIMIT || "30";
  const rates: number[] = [];
  let clean = true;
  try {
    for (const scaled of [false, true]) {
      const engines = { postgresUrl: postgres.url, s3Endpoint: s3.endpoint };
      const deployment: Deployment = await startDeployment(scaled, engines, appEnv(rateLimit, fake.baseUrl), { baseUrl: fake.baseUrl, apiKey: API_KEY });
      try {
        const actions = await captureActionIds(deployment.origins[0]!);
        fake.clearRequests();
        const cpuBefore = deployment.cpuSeconds();
        const { tally, wallMs } = await load(deployment.origins, actions);
        console.log(`\n${deployment.name} (PostgreSQL + S3${scaled ? "; actions on one instance, event stream on the other" : ""}):`);
        report(tally, { wallMs, peakRss: deployment.peakRssBytes(), providerCalls: fake.requests().length, rateLimit, serverCpu: deployment.cpuSeconds() - cpuBefore });
        const waits = await deployment.providerCallWaits();
        console.log(`  creation → provider call p50 ${waits.length ? percentile(waits, 50) : "n/a"} ms · p95 ${waits.length ? percentile(waits, 95) : "n/a"} ms (queue wait behind the deployment's limit included)`);
        rates.push(tally.succeeded.length / (wallMs / 1000));
        clean &&= isClean(tally);
      } finally {
        await deployment.stop();
      }
    }
    const [single, scaled] = rates;
    console.log(`\ngenerations/s: 1 instance ${single!.toFixed(2)} · 2 instances + 1 worker ${scaled!.toFixed(2)} · ratio ${(scaled! / single!).toFixed(2)} (budget ≥ 0.95; one machine, so the ratio is the cost of coordinating)`);
    return clean ? 0 : 1;
  } finally {
    await fake.close();
    await Promise.all([postgres.stop(), s3.stop()]);
  }
}

function isClean(tally: Tally): boolean {
  return tally.failed.length === 0 && tally.errors.length === 0 && tally.lost.length === 0;
}

async function runVisitor(origins: { actions: string; events: string }, actions: ActionIds, index: number, tally: Tally): Promise<void> {
  // Distinct addresses, as a reverse proxy reports them: the per-IP quota sees 50 people, not one.
  const visitor = new Visitor(origins.actions, actions, `10.0.${index >> 8}.${(index & 255) + 1}`);
  let events: EventStreamReader;
  try {
    await visitor.arrive();
    events = await visitor.listen(origins.events);
  } catch (error) {
    tally.errors.push(`visitor ${index}: ${message(error)}`);
    return;
  }
  try {
    await runTurns(visitor, events, index, tally);
  } finally {
    events.close();
  }
}

async function runTurns(visitor: Visitor, events: EventStreamReader, index: number, tally: Tally): Promise<void> {
  for (let turn = 0; turn < config.perVisitor; turn++) {
    try {
      const settings = { prompt: `Visitor ${index}, picture ${turn}: a lighthouse in fog`, image_size: "square" };
      const start = await visitor.startGeneration<GenerationView>({ settings, inputImageIds: [] });
      if (!start.ok) {
        if (start.error.code === "quota_exceeded") tally.refusals.push(start.error.message);
        else tally.errors.push(`visitor ${index} start: ${start.error.code}: ${start.error.message}`);
        continue;
      }
      const final = await events.finished(start.value.id, JOB_TIMEOUT_MS);
      if (final.status !== "succeeded") {
        tally.failed.push(final);
        continue;
      }
      tally.succeeded.push(final);
      for (const output of final.outputs) {
        tally.images += 1;
        const bytes = await visitor.downloadImage(output.url);
        if (!bytes || bytes.length === 0 || bytes.length !== output.bytes) tally.lost.push(`${final.id}/${output.id}`);
      }
      if (final.outputs.length === 0) tally.lost.push(`${final.id}: succeeded without an output`);
    } catch (error) {
      tally.errors.push(`visitor ${index} turn ${turn}: ${message(error)}`);
    }
  }
}

function report(tally: Tally, run: Run): void {
  const requested = config.visitors * config.perVisitor;
  const total = (values: number[]) => (values.length ? `p50 ${seconds(percentile(values, 50))} · p95 ${seconds(percentile(values, 95))}` : "n/a");
  const done = tally.succeeded;
  const lines = [
    `Load test: ${config.visitors} visitors × ${config.perVisitor} generations against the fake AI/ML API ` +
      `(${config.latencyMs} ms latency); STUDIO_MAX_CONCURRENCY=${config.concurrency}, STUDIO_RATE_LIMIT=${run.rateLimit}`,
    `  generations  ${requested} requested · ${done.length} succeeded · ${tally.failed.length} failed · ` +
      `${tally.refusals.length} intended refusals (quota_exceeded) · ${tally.errors.length} errors`,
    `  images       ${tally.images} stored · ${tally.images - tally.lost.length} downloaded whole by their visitor · ${tally.lost.length} lost`,
    `  latency      created → succeeded ${total(done.map((g) => g.finishedAt! - g.createdAt))}`,
    `               of which queued ${total(done.map((g) => g.startedAt! - g.createdAt))}; ` +
      `provider + store ${total(done.map((g) => g.finishedAt! - g.startedAt!))}`,
    `  server       peak memory ${(run.peakRss / 2 ** 20).toFixed(0)} MiB (VmHWM of the server's process tree) · ` +
      `CPU ${run.serverCpu.toFixed(1)} s, ${done.length ? ((run.serverCpu * 1000) / done.length).toFixed(0) : "n/a"} ms per generation ` +
      `(user + system of the server's process tree over the run; the visitors learn of results from their event streams, never by polling)`,
    `  run          ${seconds(run.wallMs)} wall · ${run.providerCalls} provider calls · ` +
      `${(done.length / (run.wallMs / 1000)).toFixed(1)} generations/s`,
  ];
  for (const failed of tally.failed.slice(0, 5)) lines.push(`  failed: ${failed.id} ${failed.status}: ${failed.error?.code} ${failed.error?.message}`);
  for (const error of tally.errors.slice(0, 5)) lines.push(`  error: ${error}`);
  for (const lost of tally.lost.slice(0, 5)) lines.push(`  lost: ${lost}`);
  if (tally.refusals[0]) lines.push(`  first refusal: ${tally.refusals[0]}`);
  lines.push(isClean(tally) ? "PASS: no errors but intended refusals, no lost images" : "FAIL");
  console.log(lines.join("\n"));
}

function whole(raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`Expected a whole number ≥ ${min}, got ${JSON.stringify(raw)}.`);
  return value;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
