import { createHash } from "node:crypto";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startFakeAimlApi, type FakeAimlApi, type FakeAimlApiOptions } from "@/e2e/fake-api/server";
import { createAimlApiEngine } from "@/lib/server/engine/aimlapi";
import { createLocalEngine } from "@/lib/server/engine/local";
import type { ImageProvider } from "@/lib/server/engine/types";
import { createJobs, type Jobs, type JobsOptions, type StartGenerationInput } from "@/lib/server/jobs";
import type { SeedreamRequest } from "@/lib/shared/seedream/schema";
import type { GenerationRecord, GenerationStatus, ImageRecord, Store } from "@/lib/server/store";
import { normalizeUpload } from "@/lib/server/uploads/normalize-upload";
import { photoLikePng } from "./build-test-images";
import { filesUnder, useTempStore } from "./store-fixtures";
import type { StoreKind } from "./store-kinds";

const API_KEY = "jobs-test-key";
const FINISHED: readonly GenerationStatus[] = ["succeeded", "failed", "canceled", "interrupted"];

export interface HarnessOptions {
  fake?: Omit<FakeAimlApiOptions, "port" | "apiKey">;
  maxConcurrency?: number;
  /** Long by default, so only the deadline test ever meets it. */
  deadlineMs?: number;
}

type RunnerOptions = Partial<JobsOptions>;

/**
 * One studio back end as the app runs it: a real SQLite store in a temp dir, the fake AI/ML API over
 * loopback HTTP, and the AI/ML API engine pointed at it. Backoff is short so retry tests stay fast;
 * the cap still lets the fake's `Retry-After: 1` be honoured.
 */
export interface JobsHarness {
  dataDir: string;
  store: Store;
  fake: FakeAimlApi;
  /** The engine every runner here uses unless told otherwise. */
  engine: ImageProvider;
  jobs: Jobs;
  /** Output links the engine fetched, in order: the URLs the fake handed out. */
  downloadedUrls(): string[];
  /** Another runner on the same fake, e.g. with a short deadline, a different provider, or a wrapped store. */
  createJobs(overrides?: RunnerOptions): Jobs;
  /** Waits for every runner, closes the store, and opens the same directory again with a new runner. */
  restart(): Promise<void>;
  /** Content-addressed blob files (on disk, or as the S3 server keeps them), relative to the blob area. */
  blobFiles(): Promise<string[]>;
}

/** Call in a test file's scope; every harness opened is torn down after each test. */
export function useJobsHarness(kind: StoreKind = "sqlite+disk") {
  const temp = useTempStore(kind);
  const opened: Array<{ fake: FakeAimlApi; runners: Jobs[] }> = [];

  async function open(options: HarnessOptions = {}): Promise<JobsHarness> {
    const fake = await startFakeAimlApi({ ...options.fake, port: 0, apiKey: API_KEY });
    const runners: Jobs[] = [];
    opened.push({ fake, runners });
    const downloaded: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      if ((init?.method ?? "GET") === "GET") downloaded.push(String(input));
      return fetch(input, init);
    };
    const engine = createAimlApiEngine({
      apiKey: API_KEY,
      baseUrl: fake.baseUrl,
      backoffBaseMs: 10,
      maxBackoffMs: 1100,
      fetch: recordingFetch,
    });
    const dataDir = await temp.dataDir();
    let store = await temp.open(dataDir);
    const createRunner = (overrides: RunnerOptions = {}): Jobs => {
      const jobs = createJobs({
        store,
        provider: engine,
        maxConcurrency: options.maxConcurrency ?? 4,
        deadlineMs: options.deadlineMs ?? 10_000,
        ...overrides,
      });
      runners.push(jobs);
      return jobs;
    };

    const harness: JobsHarness = {
      dataDir,
      store,
      fake,
      engine,
      jobs: createRunner(),
      downloadedUrls: () => [...downloaded],
      createJobs: createRunner,
      async restart() {
        await Promise.all(runners.splice(0).map((jobs) => jobs.idle()));
        await temp.close(store);
        store = await temp.open(dataDir);
        harness.store = store;
        harness.jobs = createRunner();
      },
      blobFiles: async () => (await temp.files(dataDir)).list("blobs"),
    };
    return harness;
  }

  /** The fake goes first: it drops hanging calls, so every runner can settle before its store closes. */
  async function cleanup(): Promise<void> {
    for (const { fake, runners } of opened.splice(0)) {
      await fake.close();
      await Promise.all(runners.map((jobs) => jobs.idle()));
    }
    await temp.cleanup();
  }

  return { open, cleanup };
}

/** Polls the store until the generation has `status`; fails at once if it finishes any other way. */
export async function waitForStatus(
  store: Store,
  visitorId: string,
  generationId: string,
  status: GenerationStatus,
  timeoutMs = 5_000,
): Promise<GenerationRecord> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const generation = await store.generations.get(visitorId, generationId);
    if (generation?.status === status) return generation;
    if (generation && FINISHED.includes(generation.status)) {
      const error = generation.errorCode ? ` (${generation.errorCode}: ${generation.errorMessage})` : "";
      throw new Error(`Generation ${generationId} ended ${generation.status}${error}, not ${status}.`);
    }
    if (Date.now() > giveUpAt) {
      const now = generation?.status ?? "missing";
      throw new Error(`Generation ${generationId} is ${now} after ${timeoutMs} ms, not ${status}.`);
    }
    await sleep(10);
  }
}

/** Polls until `check` holds, for state outside the store (the fake's request log). */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > giveUpAt) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await sleep(10);
  }
}

/** A photo-like PNG taken through the studio's upload path: normalised, then saved as an upload. */
export async function uploadPhoto(store: Store, visitorId: string, width = 320, height = 240): Promise<ImageRecord> {
  const upload = await normalizeUpload({ bytes: await photoLikePng(width, height), fileName: "holiday.png" });
  return store.images.save({ visitorId, origin: "upload", ...upload });
}

/** A text-to-image job at the small preset, which the offline engine renders in a few ms. */
export function textJob(prompt: string): StartGenerationInput {
  return { settings: { prompt, image_size: "square" }, inputImageIds: [] };
}

/** What the fake renders for a request (it runs the offline engine): same request, same bytes. */
export async function renderOffline(request: SeedreamRequest): Promise<Buffer[]> {
  const result = await createLocalEngine().generate(request);
  return result.images.map((image) => image.bytes);
}

export function dataUrl(bytes: Buffer, mime: string): string {
  return `data:${mime};base64,${bytes.toString("base64")}`;
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Resolves true if `promise` settles within `ms`, false otherwise; never rejects. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = promise.then(
    () => true,
    () => true,
  );
  return Promise.race([settled, sleep(ms).then(() => false)]);
}
