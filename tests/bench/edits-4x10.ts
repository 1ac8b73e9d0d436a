import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import type { Figure, Measurement } from "./figure";
import { startApp, type AppServer } from "./support/app-server";
import { startFakeProcess } from "./support/fake-process";
import { callAction, captureActions, generationId, waitUntilSettled, type CapturedAction } from "./support/studio-actions";

/** Memory of a shared link under heavy edits: 4 at once (the default concurrency), 10 inputs each. */
const JOBS = 4;
const INPUTS = 10;
const SIDE = 4096;
const BUDGET_RSS_BYTES = 400 * 2 ** 20;
const LATENCY_MS = 2_000;
const API_KEY = "bench-key";
const PROMPT = "make it look like a winter morning";
const DONE_TIMEOUT_MS = 300_000;

export const edits4x10: Figure = {
  id: "M1",
  title: `${JOBS} concurrent ${INPUTS}-input edits of ${SIDE}² images: peak RSS of the studio`,
  budget: `≤ ${BUDGET_RSS_BYTES / 2 ** 20} MB`,
  async measure(): Promise<Measurement> {
    const photos = await photoLikeJpegs(INPUTS);
    const fake = await startFakeProcess({ apiKey: API_KEY, latencyMs: LATENCY_MS });
    const dataDir = await mkdtemp(join(tmpdir(), "studio-bench-m1-"));
    let app: AppServer | undefined;
    try {
      const env = {
        STUDIO_ENGINE: "aimlapi",
        AIMLAPI_KEY: API_KEY,
        AIMLAPI_BASE_URL: fake.baseUrl,
        STUDIO_DATA_DIR: dataDir,
        STUDIO_RATE_LIMIT: "off",
      };
      app = await startApp(env);
      const { start } = await captureActions(app.origin, PROMPT);
      const inputIds = await upload(app.origin, start, photos);
      const afterUploads = await editRound(app, start, inputIds);
      // The same edits in a process that has not just decoded ten 4096² uploads: the edits' own memory.
      await app.stop();
      app = await startApp(env);
      const fresh = await editRound(app, start, inputIds);
      const inputMb = photos.reduce((total, photo) => total + photo.length, 0) / 2 ** 20;
      const succeeded = [...fresh.outcome, ...afterUploads.outcome].filter((status) => status === "succeeded").length;
      return {
        measured: `${mb(fresh.peak)} MB (${mb(afterUploads.peak)} MB right after the uploads)`,
        withinBudget: fresh.peak <= BUDGET_RSS_BYTES && succeeded === 2 * JOBS,
        notes: [
          `one \`npm start\` process (STUDIO_MAX_CONCURRENCY default, 4; MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? "2, as npm start sets it"}) ` +
            "against the fake AI/ML API in a process of its own " +
            `(${LATENCY_MS} ms latency). ${INPUTS} photo-like ${SIDE}² JPEGs (${inputMb.toFixed(1)} MB in all) are uploaded through ` +
            `/api/uploads, then the page's startGeneration action is sent ${JOBS} times at once, each an edit of all ${INPUTS}, and ` +
            "GET /api/generations is polled until none is queued or running; then the studio is restarted on the same data and " +
            "the same four edits are sent again.",
          `peak RSS = the sum of VmHWM over the server's process tree, reset (/proc/<pid>/clear_refs) just before the edits are ` +
            `sent and read (every 200 ms and at the end) until they settled. Measured: the restarted process ${mb(fresh.peak)} MB ` +
            `(resident ${mb(fresh.atStart)} MB when the edits were sent, ${fresh.seconds.toFixed(1)} s to settle); the process that ` +
            `had just taken the uploads ${mb(afterUploads.peak)} MB (resident ${mb(afterUploads.atStart)} MB when the edits were sent, ` +
            `what decoding the uploads left behind; ${afterUploads.seconds.toFixed(1)} s).`,
          `${succeeded}/${2 * JOBS} edits succeeded (${[...afterUploads.outcome, ...fresh.outcome].join(", ")}).`,
        ],
      };
    } finally {
      await app?.stop();
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

interface EditRound {
  peak: number;
  /** Resident memory when the edits were sent. */
  atStart: number;
  outcome: string[];
  seconds: number;
}

async function editRound(app: AppServer, captured: CapturedAction, inputIds: readonly string[]): Promise<EditRound> {
  // A restarted studio listens on another port: the action must come from its own origin.
  const start: CapturedAction = { ...captured, headers: { ...captured.headers, origin: app.origin, referer: `${app.origin}/` } };
  app.resetPeakRss();
  const atStart = app.rssBytes();
  const started = performance.now();
  // Read while it runs too: a server that dies of its memory leaves no /proc entry to read at the end.
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, app.peakRssBytes())), 200);
  try {
    const ids = await Promise.all(
      Array.from({ length: JOBS }, (_, index) => callAction(app.origin, start, editBody(start, inputIds, index)).then(generationId)),
    );
    const outcome = await waitUntilSettled(app.origin, start.headers.cookie ?? "", ids, DONE_TIMEOUT_MS);
    peak = Math.max(peak, app.peakRssBytes());
    return { peak, atStart, outcome, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason} (peak RSS so far ${mb(peak)} MB; the server's stderr: ${app.stderrTail().slice(-1_500)})`);
  } finally {
    clearInterval(sampler);
  }
}
function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

/** Smooth noise in a different tint each: as heavy to encode and decode as a real photo of that size. */
async function photoLikeJpegs(count: number): Promise<Buffer[]> {
  const noise = await sharp({ create: { width: SIDE, height: SIDE, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: "gaussian", mean: 128, sigma: 24 } } })
    .blur(1.2)
    .raw()
    .toBuffer();
  const raw = { raw: { width: SIDE, height: SIDE, channels: 3 as const } };
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      sharp(noise, raw)
        .linear([1, 0.8 + index * 0.04, 1.2 - index * 0.04], [index * 6, 0, 40 - index * 4])
        .jpeg({ quality: 90 })
        .toBuffer(),
    ),
  );
}

/** As the tray uploads: multipart to /api/uploads with the page's cookie and origin. */
async function upload(origin: string, page: CapturedAction, photos: readonly Buffer[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, photo] of photos.entries()) {
    const form = new FormData();
    form.append("files", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }), `photo-${index + 1}.jpg`);
    const response = await fetch(`${origin}/api/uploads`, {
      method: "POST",
      headers: { cookie: page.headers.cookie ?? "", origin },
      body: form,
    });
    const answer = (await response.json()) as { ok: boolean; value?: Array<{ id: string }>; error?: { message: string } };
    const id = answer.ok ? answer.value?.[0]?.id : undefined;
    if (!id) throw new Error(`Upload ${index + 1} was refused (${response.status}): ${answer.error?.message ?? "no image"}.`);
    ids.push(id);
  }
  return ids;
}

/** The page's own start request with every upload as an input, a prompt and seed of its own, and a new request id. */
function editBody(start: CapturedAction, inputImageIds: readonly string[], index: number): string {
  const [input] = JSON.parse(start.body) as [{ settings: Record<string, unknown> }];
  return JSON.stringify([
    { ...input, settings: { ...input.settings, prompt: `${PROMPT}, job ${index}`, seed: 7000 + index }, inputImageIds, requestId: randomUUID() },
  ]);
}
