import { generationsPath } from "@/lib/shared/api-routes";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page, Request } from "@playwright/test";
import { openStore, type GenerationRecord } from "@/lib/server/store";
import type { Figure, Measurement } from "./figure";
import { formatMs, median, percentile } from "./stats";
import { startApp } from "./support/app-server";
import { launchChromium } from "./support/browser";
import { cpuSecondsOfTree } from "./support/cpu-time";
import { startFakeProcess, type FakeProcess } from "./support/fake-process";
import { openStudio } from "./support/studio-session";

/** Issue 7, P5. */
const JOBS = 32;
const BUDGET_P95_RATIO = 1.15;
const BUDGET_RSS_BYTES = 400 * 2 ** 20;
const LATENCY_MS = 2_000;
const API_KEY = "bench-key";
const PROMPT = "a lighthouse on a cliff at dusk";
const DONE_TIMEOUT_MS = 120_000;
const POLL_MS = 500;

/** A server action as the studio's page sent it: replayed from the bench with a new body. */
interface CapturedAction {
  headers: Record<string, string>;
  body: string;
}

interface Round {
  maxConcurrency: number | "default (4)";
  records: GenerationRecord[];
  /** Bench clock: the first POST sent → the last answered. */
  sendSpread: number;
  peakRss: number;
  /** CPU seconds from the first POST to the last job settled: the server's tree, and the fake's own process (its renders). */
  serverCpu: number;
  fakeCpu: number;
}

export const concurrency32: Figure = {
  id: "P5",
  title: `${JOBS} concurrent generations: success, p95 ÷ latency, peak RSS`,
  budget: `100 %, ≤ ${BUDGET_P95_RATIO}, ≤ ${BUDGET_RSS_BYTES / 2 ** 20} MB`,
  async measure(): Promise<Measurement> {
    const fake = await startFakeProcess({ apiKey: API_KEY, latencyMs: LATENCY_MS });
    try {
      const main = await round(fake, JOBS);
      const direct = await directBaseline(fake);
      const byDefault = await round(fake, "default (4)");
      return summarise(main, byDefault, direct);
    } finally {
      await fake.close();
    }
  },
};

/**
 * One server process from start to stop: a warm-up generation through the page (which also
 * shows the bench what the studio's startGeneration action looks like, and its cookie), then
 * JOBS startGeneration actions sent at once from the bench, then waiting until none is pending.
 */
async function round(fake: FakeProcess, maxConcurrency: Round["maxConcurrency"]): Promise<Round> {
  const dataDir = await mkdtemp(join(tmpdir(), "studio-bench-p5-"));
  const env: Record<string, string> = {
    STUDIO_ENGINE: "aimlapi",
    AIMLAPI_KEY: API_KEY,
    AIMLAPI_BASE_URL: fake.baseUrl,
    STUDIO_DATA_DIR: dataDir,
    // One visitor starts 33 images here; the hourly quota per visitor (30 by default) is not what is measured.
    STUDIO_RATE_LIMIT: "off",
  };
  if (typeof maxConcurrency === "number") env.STUDIO_MAX_CONCURRENCY = String(maxConcurrency);
  const app = await startApp(env);
  try {
    const { start, visitorId } = await captureActions(app.origin);
    const serverCpuBefore = cpuSecondsOfTree(app.pid);
    const fakeCpuBefore = cpuSecondsOfTree(fake.pid);
    const sent = performance.now();
    const ids = await Promise.all(
      Array.from({ length: JOBS }, (_, index) => callAction(app.origin, start, startBody(start, index)).then(generationId)),
    );
    const sendSpread = performance.now() - sent;
    await waitUntilSettled(app.origin, start.headers.cookie ?? "", ids);
    const serverCpu = cpuSecondsOfTree(app.pid) - serverCpuBefore;
    const fakeCpu = cpuSecondsOfTree(fake.pid) - fakeCpuBefore;
    const peakRss = app.peakRssBytes();
    await app.stop();

    const store = await openStore({ dataDir });
    try {
      const records = await Promise.all(ids.map((id) => store.generations.get(visitorId, id)));
      const found = records.filter((record): record is GenerationRecord => record !== null);
      return { maxConcurrency, records: found, sendSpread, peakRss, serverCpu, fakeCpu };
    } finally {
      await store.close();
    }
  } finally {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function captureActions(origin: string): Promise<{ start: CapturedAction; visitorId: string }> {
  const browser = await launchChromium();
  try {
    const session = await openStudio(browser, origin);
    const captured: Promise<CapturedAction | null>[] = [];
    session.page.on("request", (request) => captured.push(capture(request)));
    await generateInPage(session.page, `${PROMPT}, warm-up`);
    const actions = (await Promise.all(captured)).filter((action): action is CapturedAction => action !== null);
    const start = actions.find((action) => action.body.startsWith('[{"model"'));
    if (!start) throw new Error("The page sent no startGeneration action to copy.");
    return { start, visitorId: await session.visitorId() };
  } finally {
    await browser.close();
  }
}

async function capture(request: Request): Promise<CapturedAction | null> {
  if (request.method() !== "POST") return null;
  const headers = await request.allHeaders();
  if (!headers["next-action"]) return null;
  const { host: _host, "content-length": _length, ...kept } = headers;
  return { headers: kept, body: request.postData() ?? "" };
}

async function generateInPage(page: Page, prompt: string): Promise<void> {
  await page.getByLabel("Prompt").fill(prompt);
  await page.getByRole("button", { name: "Generate" }).click();
  await page
    .getByRole("article", { name: `Generation: ${prompt}` })
    .getByRole("img", { name: /^Result 1 of/ })
    .waitFor({ state: "visible", timeout: 60_000 });
}

/**
 * The warm-up's own request, with a prompt, seed and request id of its own: the form's default size
 * (1024²). The request id is what makes each a new job; sent again, the warm-up's id names the warm-up.
 */
function startBody(start: CapturedAction, index: number): string {
  const [input] = JSON.parse(start.body) as [{ settings: Record<string, unknown> }];
  const settings = { ...input.settings, prompt: `${PROMPT}, job ${index}`, seed: 5000 + index };
  return JSON.stringify([{ ...input, settings, requestId: randomUUID() }]);
}

async function callAction(origin: string, action: CapturedAction, body: string): Promise<string> {
  const response = await fetch(`${origin}/`, { method: "POST", headers: action.headers, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`A server action answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

/** The action's answer is React's flight format; the ActionResult is one JSON row of it. */
function generationId(flight: string): string {
  const id = /"ok":true,"value":\{"id":"([0-9a-f-]{36})"/.exec(flight)?.[1];
  if (!id) throw new Error(`startGeneration did not answer with a job: ${flight.slice(0, 300)}`);
  return id;
}

/** Job status as the page reads it: GET /api/generations with the visitor's cookie. */
async function waitUntilSettled(origin: string, cookie: string, ids: string[]): Promise<void> {
  const deadline = Date.now() + DONE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const response = await fetch(`${origin}${generationsPath(ids)}`, { headers: { cookie } });
    const text = await response.text();
    if (!response.ok) throw new Error(`Job status answered ${response.status}: ${text.slice(0, 300)}`);
    if (!/"status":"(queued|running)"/.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`Jobs still pending after ${DONE_TIMEOUT_MS / 1000} s.`);
}

/** The fake alone under the same load: JOBS direct calls (POST + download) at once, bench clock. */
async function directBaseline(fake: FakeProcess): Promise<number[]> {
  const template = (await fake.requests()).find((request) => request.prompt?.startsWith(`${PROMPT}, job`))?.body;
  if (!template) throw new Error("The fake logged none of the studio's calls.");
  return Promise.all(
    Array.from({ length: JOBS }, async (_, index) => {
      const started = performance.now();
      const response = await fetch(`${fake.baseUrl}/images/generations`, {
        method: "POST",
        headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ ...template, prompt: `${PROMPT}, direct ${index}`, seed: 9000 + index }),
      });
      const url = ((await response.json()) as { data?: { url?: string }[] }).data?.[0]?.url;
      if (!response.ok || !url) throw new Error(`A direct call answered ${response.status}.`);
      await (await fetch(url)).arrayBuffer();
      return performance.now() - started;
    }),
  );
}

function latencies(round: Round): number[] {
  return round.records.flatMap((record) => (record.status === "succeeded" && record.finishedAt ? [record.finishedAt - record.createdAt] : []));
}

function describe(round: Round): string {
  const done = latencies(round);
  const created = round.records.map((record) => record.createdAt);
  const queued = round.records.flatMap((record) => (record.startedAt ? [record.startedAt - record.createdAt] : []));
  const ran = round.records.flatMap((record) => (record.finishedAt && record.startedAt ? [record.finishedAt - record.startedAt] : []));
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  return (
    `STUDIO_MAX_CONCURRENCY=${round.maxConcurrency}: ${done.length}/${JOBS} succeeded` +
    (done.length > 0
      ? `, latency median ${formatMs(median(done))}, p95 ${formatMs(percentile(done, 95))} ` +
        `(${(percentile(done, 95) / LATENCY_MS).toFixed(3)} × latency), max ${formatMs(Math.max(...done))}`
      : "") +
    `; jobs created within ${formatMs(Math.max(...created) - Math.min(...created))}, all ${JOBS} start actions answered ` +
    `${formatMs(round.sendSpread)} after the first was sent; median wait in the queue ${formatMs(median(queued))}, ` +
    `running → succeeded ${formatMs(median(ran))}; CPU from the first POST to the last job settled: server ` +
    `${round.serverCpu.toFixed(1)} s (${formatMs((round.serverCpu * 1000) / JOBS)} per job), the fake's own process (its ` +
    `renders and downloads) ${round.fakeCpu.toFixed(1)} s; peak RSS ${mb(round.peakRss)}` +
    (round.records.some((record) => record.status !== "succeeded")
      ? `; not succeeded: ${round.records.filter((record) => record.status !== "succeeded").map((record) => `${record.status} ${record.errorCode}`).join(", ")}`
      : "") +
    "."
  );
}

function summarise(main: Round, byDefault: Round, direct: number[]): Measurement {
  const done = latencies(main);
  const success = done.length / JOBS;
  const ratio = done.length > 0 ? percentile(done, 95) / LATENCY_MS : Infinity;
  return {
    measured: `${(success * 100).toFixed(0)} %, ${ratio.toFixed(3)}, ${(main.peakRss / 2 ** 20).toFixed(0)} MB`,
    withinBudget: success === 1 && ratio <= BUDGET_P95_RATIO && main.peakRss <= BUDGET_RSS_BYTES,
    notes: [
      `one \`next start\` process against the fake AI/ML API (a process of its own, ${LATENCY_MS} ms latency, then the ` +
        `offline engine renders a 1024² PNG: the form's default size) with STUDIO_MAX_CONCURRENCY=${main.maxConcurrency} ` +
        "(the default is 4, below) and STUDIO_RATE_LIMIT=off. After one warm-up generation through the page, " +
        "the bench sends the page's own " +
        `startGeneration server action ${JOBS} times at once (POST / with its Next-Action header and the visitor's ` +
        "cookie; each with its own prompt and seed), then polls GET /api/generations until none is queued or running.",
      `success = succeeded jobs / ${JOBS}; latency per job = finishedAt − createdAt from the store's records (read after ` +
        "the app stopped): from the job's row being written to its outputs committed; p95 = nearest rank (31st of 32) ÷ " +
        `the fake's ${LATENCY_MS} ms latency; peak RSS = the sum of VmHWM over the server's process tree, read before stopping it ` +
        "(each process's own peak, so a slight overstatement).",
      describe(main),
      describe(byDefault),
      `the fake alone under the same load, ${JOBS} direct calls at once (POST + download, bench clock): median ` +
        `${formatMs(median(direct))}, p95 ${formatMs(percentile(direct, 95))} (${(percentile(direct, 95) / LATENCY_MS).toFixed(3)} × latency): ` +
        "the part of the studio's latency that is the fake rendering 32 pictures on the same two cores.",
    ],
  };
}
