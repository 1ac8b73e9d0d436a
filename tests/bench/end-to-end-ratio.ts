import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "@playwright/test";
import sharp from "sharp";
import { startFakeAimlApi, type FakeAimlApi, type RecordedRequest } from "@/e2e/fake-api/server";
import { openStore, type GenerationRecord } from "@/lib/server/store";
import type { Figure, Measurement } from "./figure";
import { formatMs, median } from "./stats";
import { startApp, type AppServer } from "./support/app-server";
import { launchChromium } from "./support/browser";
import { openStudio } from "./support/studio-session";

/** P1: the studio may add at most 5 % to the model's own time. */
const BUDGET_RATIO = 1.05;
const LATENCY_MS = 2_000;
const SIDE = 2048;
const WARM_UP_PAIRS = 1;
/**
 * One pair varies by ±0.02 on a two-core machine (1.038–1.078 within one run); the medians of three
 * runs of 11 pairs came within 0.002 of each other, where eight runs of 7 spread over 0.012.
 */
const MEASURED_PAIRS = 11;
const API_KEY = "bench-key";
const PROMPT = "a lighthouse on a cliff at dusk";
const RESULT_TIMEOUT_MS = 60_000;

/** Epoch milliseconds in the browser (performance.timeOrigin + now), one studio run. */
interface PageMarks {
  clicked: number;
  /** The result's <img> is in the document. */
  inDocument: number;
  /** complete && naturalWidth > 0, and img.decode() resolved. */
  decoded: number;
  /** Server-action POSTs (the start; nothing after it while the live stream is up) and the thumbnail GET, from Resource Timing. */
  actions: { start: number; end: number }[];
  /** Null when the thumbnail came with the job's live event: no request at all. */
  thumbnail: { start: number; end: number } | null;
  pushed: boolean;
  /** The decoded image lies at least partly inside the viewport. */
  onScreen: boolean;
}

interface StudioRun {
  prompt: string;
  marks: PageMarks;
}

interface DirectRun {
  total: number;
  answered: number;
  bytes: number;
}

interface Pair {
  studio: StudioRun;
  direct: DirectRun;
}

export const endToEndRatio: Figure = {
  id: "P1",
  title: `one generation through the studio ÷ direct call, ${SIDE}² output`,
  budget: `≤ ${BUDGET_RATIO} median`,
  async measure(): Promise<Measurement> {
    const dataDir = await mkdtemp(join(tmpdir(), "studio-bench-p1-"));
    let fake: FakeAimlApi | undefined;
    let app: AppServer | undefined;
    let browser: Browser | undefined;
    try {
      fake = await startFakeAimlApi({ port: 0, apiKey: API_KEY, latencyMs: LATENCY_MS });
      app = await startApp({ STUDIO_ENGINE: "aimlapi", AIMLAPI_KEY: API_KEY, AIMLAPI_BASE_URL: fake.baseUrl, STUDIO_DATA_DIR: dataDir });
      browser = await launchChromium();
      const session = await openStudio(browser, app.origin);
      await chooseSize(session.page);

      const pairs: Pair[] = [];
      let template: Record<string, unknown> | undefined;
      for (let index = 0; index < WARM_UP_PAIRS + MEASURED_PAIRS; index++) {
        // Alternating which side goes first keeps a slow drift of the machine from favouring one.
        const studioFirst = index % 2 === 0;
        let studio: StudioRun | undefined;
        let direct: DirectRun | undefined;
        for (const side of studioFirst ? ["studio", "direct"] : ["direct", "studio"]) {
          if (side === "studio") {
            studio = await generateInStudio(session.page, index);
            template ??= requestBody(fake, studio.prompt);
          } else {
            // The same prompt and seed as the studio's run: the fake renders the very same picture.
            direct = await callDirectly(fake, { ...template!, prompt: promptOf(index), seed: seedOf(index) });
          }
        }
        if (index >= WARM_UP_PAIRS) pairs.push({ studio: studio!, direct: direct! });
      }

      const visitorId = await session.visitorId();
      await browser.close();
      browser = undefined;
      await app.stop();
      app = undefined;
      const records = await readGenerations(dataDir, visitorId);
      return summarise(pairs, records, fake, template!);
    } finally {
      await browser?.close();
      await app?.stop();
      await fake?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

const promptOf = (index: number) => `${PROMPT}, run ${index}`;
const seedOf = (index: number) => 1000 + index;

/** Custom 2048 × 2048, chosen once: the form keeps its size between runs. */
async function chooseSize(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^Size: / }).click();
  await page.getByRole("group", { name: "Size", exact: true }).getByRole("radio", { name: "Custom", exact: true }).check();
  await page.getByRole("spinbutton", { name: "Width", exact: true }).fill(String(SIDE));
  await page.getByRole("spinbutton", { name: "Height", exact: true }).fill(String(SIDE));
}

/** Types the prompt and a seed, clicks Generate, and waits in the page for the first result to decode. */
async function generateInStudio(page: Page, index: number): Promise<StudioRun> {
  const prompt = promptOf(index);
  await page.getByLabel("Prompt").fill(prompt);
  const settings = page.getByRole("button", { name: "More settings", exact: true });
  if ((await settings.getAttribute("aria-expanded")) !== "true") await settings.click();
  await page.getByRole("spinbutton", { name: "Seed", exact: true }).fill(String(seedOf(index)));
  // With the page scrolled, scroll anchoring would insert the new card above the viewport, where
  // its lazy image never loads: a person who just clicked Generate sees the top of the gallery.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(watchForResult, `Result 1 of “${prompt}”`);
  await page.getByRole("button", { name: "Generate" }).click();
  const marks = await page.evaluate(
    (timeoutMs) =>
      Promise.race([
        (window as unknown as { __benchResult: Promise<unknown> }).__benchResult,
        new Promise((_, reject) => setTimeout(() => reject(new Error("No decoded result in time.")), timeoutMs)),
      ]),
    RESULT_TIMEOUT_MS,
  );
  if (!(marks as PageMarks).onScreen) throw new Error(`The result of “${prompt}” decoded outside the viewport.`);
  return { prompt, marks: marks as PageMarks };
}

/**
 * Runs in the page. The clock starts in a capturing click listener, before the studio's own
 * handlers see the click, and stops when the result's <img> is complete, has pixels, and
 * img.decode() has resolved (checked on every DOM change, on the image's load event, and every 10 ms).
 */
function watchForResult(name: string): void {
  const now = () => performance.timeOrigin + performance.now();
  performance.clearResourceTimings();
  performance.setResourceTimingBufferSize(10_000);
  let clicked = 0;
  let inDocument = 0;
  document.addEventListener("click", () => (clicked ||= now()), { capture: true, once: true });
  (window as unknown as { __benchResult: Promise<PageMarks> }).__benchResult = new Promise((resolve) => {
    let decoding = false;
    const check = () => {
      const image = Array.from(document.images).find((candidate) => candidate.alt === name);
      if (!image) return;
      if (!inDocument) {
        inDocument = now();
        image.addEventListener("load", check);
      }
      if (decoding || !(image.complete && image.naturalWidth > 0)) return;
      decoding = true;
      image.decode().then(() => {
        const decoded = now();
        observer.disconnect();
        clearInterval(timer);
        const epoch = (ms: number) => performance.timeOrigin + ms;
        const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
        const actions = resources
          .filter((entry) => entry.initiatorType === "fetch" && new URL(entry.name).pathname === "/")
          .map((entry) => ({ start: epoch(entry.startTime), end: epoch(entry.responseEnd) }));
        const pushed = image.src.startsWith("data:");
        const thumb = resources.find((entry) => entry.name === image.src);
        const thumbnail = thumb ? { start: epoch(thumb.startTime), end: epoch(thumb.responseEnd) } : null;
        const box = image.getBoundingClientRect();
        const onScreen = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
        resolve({ clicked, inDocument, decoded, actions, thumbnail, pushed, onScreen });
      }, () => (decoding = false));
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["src"] });
    const timer = setInterval(check, 10);
  });
}

/** The body the studio sent, as the fake logged it: the direct call sends the same request. */
function requestBody(fake: FakeAimlApi, prompt: string): Record<string, unknown> {
  const entry = studioCall(fake.requests(), prompt);
  if (!entry?.body) throw new Error(`The fake never saw the studio's call for “${prompt}”.`);
  const size = entry.body.image_size as { width?: number; height?: number } | undefined;
  if (size?.width !== SIDE || size.height !== SIDE) throw new Error(`The studio asked for ${JSON.stringify(size)}, not ${SIDE}².`);
  return entry.body;
}

/** The direct calls name themselves, so the studio's call for the same prompt can be told apart. */
const DIRECT_CALL_ID = "bench-direct-call";

function studioCall(requests: RecordedRequest[], prompt: string): RecordedRequest | undefined {
  return requests.find((request) => request.prompt === prompt && request.clientRequestId !== DIRECT_CALL_ID);
}

/** What any client must do: POST the generation, then download the output from its URL. */
async function callDirectly(fake: FakeAimlApi, body: Record<string, unknown>): Promise<DirectRun> {
  const started = performance.now();
  const response = await fetch(`${fake.baseUrl}/images/generations`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json", "x-client-request-id": DIRECT_CALL_ID },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { data?: { url?: string | null }[] };
  const answered = performance.now();
  const url = answer.data?.[0]?.url;
  if (!response.ok || !url) throw new Error(`The direct call answered ${response.status} without an output URL.`);
  const download = await fetch(url);
  const bytes = Buffer.from(await download.arrayBuffer());
  const total = performance.now() - started;
  const { width, height } = await sharp(bytes).metadata();
  if (!download.ok || width !== SIDE || height !== SIDE) throw new Error(`The direct call's output is ${width}×${height}.`);
  return { total, answered: answered - started, bytes: bytes.length };
}

/** Read after the app has stopped: one process owns the store at a time. */
async function readGenerations(dataDir: string, visitorId: string): Promise<Map<string, GenerationRecord>> {
  const store = await openStore({ dataDir });
  try {
    const page = await store.gallery.list(visitorId, { limit: 100 });
    return new Map(page.items.flatMap((item) => (item.kind === "generation" ? [[item.generation.prompt, item.generation]] : [])));
  } finally {
    await store.close();
  }
}

function summarise(pairs: Pair[], records: Map<string, GenerationRecord>, fake: FakeAimlApi, body: Record<string, unknown>): Measurement {
  const requests = fake.requests();
  const parts = pairs.map(({ studio: { prompt, marks }, direct }) => {
    const record = records.get(prompt);
    const arrived = studioCall(requests, prompt)?.at;
    if (record?.status !== "succeeded" || !record.finishedAt || !arrived) throw new Error(`No succeeded record and call for “${prompt}”.`);
    const [started] = marks.actions;
    if (!started || (!marks.thumbnail && !marks.pushed)) throw new Error(`Run “${prompt}” is missing its start or thumbnail timings.`);
    const shown = marks.thumbnail?.end ?? marks.inDocument;
    return {
      startAction: started.end - marks.clicked,
      clickToSent: started.start - marks.clicked,
      sentToCreated: record.createdAt - started.start,
      beforeCall: Date.parse(arrived) - record.createdAt,
      providerAndStore: record.finishedAt - Date.parse(arrived),
      // The job's event on the stream, then React's render: no poll to wait for.
      pushToImage: marks.inDocument - record.finishedAt,
      thumbnail: shown - marks.inDocument,
      decode: marks.decoded - shown,
      actionsAfterStart: marks.actions.length - 1,
      providerVersusDirect: record.finishedAt - Date.parse(arrived) - direct.total,
    };
  });
  const studio = pairs.map((pair) => pair.studio.marks.decoded - pair.studio.marks.clicked);
  const direct = pairs.map((pair) => pair.direct.total);
  const ratios = pairs.map((_, index) => studio[index]! / direct[index]!);
  const ratio = median(ratios);
  const part = (pick: (entry: (typeof parts)[number]) => number) => formatMs(median(parts.map(pick)));
  const added = median(studio) - median(direct);
  return {
    measured: `median ${ratio.toFixed(3)} (studio ${formatMs(median(studio))}, direct ${formatMs(median(direct))})`,
    withinBudget: ratio <= BUDGET_RATIO,
    notes: [
      `${MEASURED_PAIRS} pairs after ${WARM_UP_PAIRS} warm-up pair, the order alternating; the fake AI/ML API in the bench ` +
        `process (${LATENCY_MS} ms latency, the offline engine drawing a ${SIDE}² PNG meanwhile, median ` +
        `${(median(pairs.map((pair) => pair.direct.bytes)) / 1e6).toFixed(2)} MB); the built app (\`next start\`, ` +
        `STUDIO_ENGINE=aimlapi) pointed at it; one Chromium page with Size “Custom” ${SIDE}×${SIDE} and a seed per run.`,
      "studio = in the page, from a capturing click listener on the Generate click to the result's <img> " +
        "(“Result 1 of …”, the 512 px WebP thumbnail) complete with pixels and img.decode() resolved.",
      `direct = in the bench process, from fetch(POST ${fake.baseUrl}/images/generations) with the studio's own body ` +
        `(${Object.keys(body).join(", ")}) to the output URL's bytes fully downloaded (median answer ` +
        `${formatMs(median(pairs.map((pair) => pair.direct.answered)))}).`,
      `ratios ${ratios.map((value) => value.toFixed(3)).join(", ")}; the studio adds a median ${formatMs(added)} ` +
        `(${((added / median(direct)) * 100).toFixed(1)} %); the budget allows ${formatMs((BUDGET_RATIO - 1) * median(direct))}.`,
      `where the studio's time goes, medians (browser and server clocks, one machine): click → startGeneration answered ` +
        `${part((entry) => entry.startAction)} (click → its request sent ${part((entry) => entry.clickToSent)}, → the job's ` +
        `record created ${part((entry) => entry.sentToCreated)}); record created → the fake receives the call ${part((entry) => entry.beforeCall)}; ` +
        `fake receives → record succeeded (latency, answer, download, decode check with the thumbnail, store) ${part((entry) => entry.providerAndStore)}; ` +
        `record succeeded → <img> in the page (the job's event on the live stream, then React's render) ${part((entry) => entry.pushToImage)}, ` +
        `with ${median(parts.map((entry) => entry.actionsAfterStart))} action calls after the start; ` +
        `the thumbnail came with the event in ${pairs.filter((pair) => pair.studio.marks.pushed).length} of ${pairs.length} runs ` +
        `(otherwise <img> → thumbnail downloaded: ${part((entry) => entry.thumbnail)} median over all runs); ` +
        `→ decoded ${part((entry) => entry.decode)}.`,
      `the provider call as the studio makes it (fake receives → record succeeded) minus the same pair's direct call: ` +
        `median ${part((entry) => entry.providerVersusDirect)} (the engine's decode check, which makes the thumbnail in the ` +
        "same pass, and the store's write, less the direct side's own request sending, which its clock includes).",
    ],
  };
}
