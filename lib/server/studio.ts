import "server-only";
import { lockDataDir } from "@/lib/server/data-dir-lock";
import { imageProvider } from "@/lib/server/engine";
import { env, storeSettingsOf } from "@/lib/server/env";
import type { EventBus } from "@/lib/server/events/bus";
import { createInProcessBus } from "@/lib/server/events/in-process-bus";
import { createJobs, type Jobs } from "@/lib/server/jobs";
import { loadRevokedSessions } from "@/lib/server/passcode/revoked-sessions";
import { openStore, type Store } from "@/lib/server/store";
import { sweepTempFiles } from "@/lib/server/store/blobs/sweep";
import { startRetention } from "@/lib/server/retention";
import { diskLimitsFrom, type DiskLimits } from "@/lib/server/uploads/disk-allowance";
import { onShutdown, openDeployment } from "@/lib/server/deployment";

export interface Studio {
  store: Store;
  jobs: Jobs;
  diskLimits: DiskLimits;
  /** Changes announced to the pages of the visitor they belong to (GET /api/events). */
  events: EventBus;
}

/** What a job left running by a dead process says to the person who started it. */
const INTERRUPTED = {
  code: "interrupted",
  message: "The studio restarted while this was running; press Retry to run it again.",
};

// Next bundles routes, actions and instrumentation separately; the one store and runner of this
// process must be shared by all of them, so they live on globalThis rather than in module scope.
const key = Symbol.for("seedream-studio.studio");
type StudioGlobal = typeof globalThis & { [key]?: Promise<Studio> };

export function studio(): Promise<Studio> {
  const holder = globalThis as StudioGlobal;
  holder[key] ??= start().catch((error: unknown) => {
    delete holder[key];
    throw error;
  });
  return holder[key];
}

async function start(): Promise<Studio> {
  const config = env();
  const shared = Boolean(config.DATABASE_URL);
  // Several processes share a PostgreSQL store, so none may claim the data dir or mark others' jobs:
  // there, only jobs whose claims lapsed are handed back (claiming-runner.ts).
  if (!shared) lockDataDir(config.STUDIO_DATA_DIR);
  const store = await openStore(storeSettingsOf(config));
  await loadRevokedSessions(store);
  if (!shared) {
    const interrupted = await store.runs.interruptUnfinished(INTERRUPTED);
    if (interrupted > 0) console.warn(`Marked ${interrupted} unfinished generation(s) as interrupted.`);
    const swept = await sweepTempFiles(config.STUDIO_DATA_DIR);
    if (swept > 0) console.warn(`Removed ${swept} temp file(s) left by writes a crash cut short.`);
  }
  const diskLimits = diskLimitsFrom({
    uploadMegabytesPerHour: config.STUDIO_UPLOAD_LIMIT_MB,
    storageGigabytes: config.STUDIO_STORAGE_LIMIT_GB,
  });
  if (config.STUDIO_RETENTION_DAYS !== null) startRetention(store, config.STUDIO_RETENTION_DAYS);
  const deployment = config.DATABASE_URL ? await openDeployment(config.DATABASE_URL, store, () => jobs) : null;
  const events = deployment?.events ?? createInProcessBus();
  const jobs: Jobs = createJobs({
    store,
    events,
    provider: imageProvider(),
    maxConcurrency: config.STUDIO_MAX_CONCURRENCY,
    deadlineMs: config.STUDIO_JOB_DEADLINE_MS,
    quotas: { imagesPerHour: config.STUDIO_RATE_LIMIT, imagesPerDay: config.STUDIO_DAILY_IMAGE_LIMIT },
    diskLimits,
    shared: deployment ? { signals: deployment.signals, leaseMs: config.STUDIO_JOB_LEASE_MS, runsJobs: config.STUDIO_RUN_JOBS } : undefined,
  });
  const resumed = await jobs.resumeReplays();
  if (resumed > 0) console.warn(`Resumed ${resumed} replayed chain(s) stopped between two steps.`);
  if (deployment) onShutdown(deployment.stopping(jobs));
  return { store, jobs, diskLimits, events };
}
