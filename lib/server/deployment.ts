import "server-only";
import type { EventBus } from "@/lib/server/events/bus";
import { createPostgresBus, EVENTS_CHANNEL } from "@/lib/server/events/postgres-bus";
import { openPostgresListener } from "@/lib/server/events/postgres-listener";
import { noteResolver } from "@/lib/server/events/resolve-note";
import type { Jobs } from "@/lib/server/jobs";
import { JOBS_CHANNEL, postgresJobSignals, type JobSignals } from "@/lib/server/jobs/job-signals";
import type { Store } from "@/lib/server/store";

/** Running jobs get this long to finish on SIGTERM before they are handed back. */
export const SHUTDOWN_GRACE_MS = 8_000;

/** What ties one process to the others sharing its PostgreSQL store: changes and job signals over LISTEN/NOTIFY. */
export interface Deployment {
  events: EventBus;
  signals: JobSignals;
  /** What SIGTERM runs: running jobs finish or are handed back, then the connections close. */
  stopping(jobs: Jobs): () => Promise<void>;
}

/** `jobs` is asked for lazily: the bus reads job cards through it once notes arrive, after start-up. */
export async function openDeployment(databaseUrl: string, store: Store, jobs: () => Jobs): Promise<Deployment> {
  const listener = await openPostgresListener(databaseUrl, [EVENTS_CHANNEL, JOBS_CHANNEL]);
  return {
    events: createPostgresBus(listener, noteResolver(store, (generation) => jobs().surface(generation))),
    signals: postgresJobSignals(listener),
    stopping: (started) => async () => {
      await started.shutdown(SHUTDOWN_GRACE_MS);
      await listener.close();
      await store.close();
    },
  };
}

// The server (server/main.ts) and the worker load outside Next's bundles, so they find this process's
// shutdown through a global symbol rather than an import.
const key = Symbol.for("seedream-studio.shutdown");
type ShutdownGlobal = typeof globalThis & { [key]?: () => Promise<void> };

export function onShutdown(stop: () => Promise<void>): void {
  (globalThis as ShutdownGlobal)[key] = stop;
}
