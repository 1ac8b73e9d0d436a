import { afterEach, beforeEach, vi } from "vitest";
import type { ImageProvider } from "@/lib/server/engine/types";
import { createJobs, type Jobs, type StartGenerationInput } from "@/lib/server/jobs";
import type { QuotaLimits } from "@/lib/server/quotas";
import { CREDITS_PER_IMAGE } from "@/lib/shared/seedream/pricing";
import type { Store } from "@/lib/server/store";
import { png, useTempStore } from "./store-fixtures";
import { storeKinds, type StoreKind } from "./store-kinds";

/**
 * A studio back end for quota and ledger tests: a real store in a temp dir, the real job runner,
 * and a provider that answers at once with small real PNGs and the credits the API reports
 * (63,000 an image), or with `holdProvider` holds every call until the test ends. Only `Date` is
 * faked, so windows can slide while SQLite and sharp run for real. Each test should set a later
 * clock than the one before: record ids never go back in time within a process.
 */
export interface QuotaStudio {
  store: Store;
  jobs: Jobs;
  /** Waits for every job, closes the store, and opens the same data dir with a new runner. */
  restart(): Promise<void>;
}

export function useQuotaStudio(kind: StoreKind = "sqlite+disk") {
  const temp = useTempStore(kind);
  // Each kind's tests run after the last kind's, in the same process: its clocks move on too.
  beforeEach(() => {
    yearsAhead = storeKinds.indexOf(kind) * 8;
  });
  const runners: Jobs[] = [];
  const releases: Array<() => void> = [];
  afterEach(async () => {
    for (const release of releases.splice(0)) release();
    await Promise.all(runners.splice(0).map((jobs) => jobs.idle()));
    await temp.cleanup();
    vi.useRealTimers();
  });

  return async function open(quotas: QuotaLimits, options: { holdProvider?: boolean } = {}): Promise<QuotaStudio> {
    let release = () => {};
    const held = options.holdProvider ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
    releases.push(() => release());
    const provider = paidProvider(held);
    const dataDir = await temp.dataDir();
    const runner = (store: Store) => {
      const jobs = createJobs({ store, provider, maxConcurrency: 1, deadlineMs: 10_000, quotas });
      runners.push(jobs);
      return jobs;
    };
    const store = await temp.open(dataDir);
    const studio: QuotaStudio = {
      store,
      jobs: runner(store),
      async restart() {
        await studio.jobs.idle();
        await temp.close(studio.store);
        studio.store = await temp.open(dataDir);
        studio.jobs = runner(studio.store);
      },
    };
    return studio;
  };
}

let shade = 0;

function paidProvider(held: Promise<void>): ImageProvider {
  return {
    id: "aimlapi",
    label: "Test provider",
    async generate(request) {
      await held;
      const count = "num_images" in request ? (request.num_images ?? 1) : 1;
      const images = await Promise.all(Array.from({ length: count }, () => png(16, 16, (shade += 1))));
      return { images, seed: 1, creditsUsed: CREDITS_PER_IMAGE * count };
    },
  };
}

/** Freezes `Date` (only) at an ISO instant; call again to move it. */
/** Whole leap cycles, so every date keeps its weekday-free meaning: same hour, same UTC day, same leap days. */
let yearsAhead = 0;

export function clockAt(iso: string): void {
  vi.useFakeTimers({ toFake: ["Date"] });
  const at = new Date(iso);
  at.setUTCFullYear(at.getUTCFullYear() + yearsAhead);
  vi.setSystemTime(at);
}

export function job(prompt: string, numImages = 1): StartGenerationInput {
  return { settings: { prompt, image_size: "square", num_images: numImages }, inputImageIds: [] };
}
