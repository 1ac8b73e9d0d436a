// How `npm start` (server/main.ts) and `npm run worker` (scripts/worker.ts) stop on SIGTERM or
// SIGINT: what is under way gets its grace, and a hard deadline bounds the whole. Loaded outside
// Next's bundles and without the react-server condition, so it imports nothing from lib/server.

/**
 * The process is gone this long after the first signal, whatever still hangs: a provider that never
 * answers, a database that vanished mid-query, a stream nobody closes. It leaves room for the jobs'
 * grace (8 s, lib/server/deployment.ts) and handing back what is left; a job still claimed when it
 * strikes is taken over by the other processes once its claim lapses (STUDIO_JOB_LEASE_MS).
 */
export const SHUTDOWN_DEADLINE_MS = 15_000;

/** Exit code when the deadline cut the shutdown short, so a supervisor can tell it from a clean stop. */
export const CUT_SHORT_EXIT_CODE = 1;

/**
 * Runs `stop` on the first SIGTERM or SIGINT, then exits: 0 once it resolves, 1 if it fails or is
 * still running at the deadline. Later signals change nothing (supervisors often send a second).
 */
export function stopOnSignal(stop: () => Promise<void>, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing what is under way (at most ${deadlineMs / 1000} s), then stopping.`);
    // Unref'd: it must never be what keeps a process alive, only what ends one that is.
    setTimeout(() => {
      console.error(
        `Still stopping after ${deadlineMs / 1000} s: exiting now. Jobs cut short are taken over once their claims lapse (or marked interrupted at the next start on SQLite).`,
      );
      process.exit(CUT_SHORT_EXIT_CODE);
    }, deadlineMs).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("Stopping failed.", error);
        process.exit(CUT_SHORT_EXIT_CODE);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/** What the studio set up to stop its jobs (lib/server/deployment.ts, on a shared database); nothing to wait for otherwise. */
export function studioShutdown(): Promise<void> {
  const stop = (globalThis as Record<symbol, (() => Promise<void>) | undefined>)[Symbol.for("seedream-studio.shutdown")];
  return (stop?.() ?? Promise.resolve()).catch((error: unknown) => console.error("Stopping the jobs failed.", error));
}
