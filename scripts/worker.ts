// npm run worker: runs jobs only (no pages, no HTTP) for a deployment on PostgreSQL. Start as many
// as wanted, beside app instances or instead of their own runners (STUDIO_RUN_JOBS=false there).
// Settings come from the environment and .env files, as for the app.
import { loadEnvConfig } from "@next/env";
import { stopOnSignal, studioShutdown } from "../server/shutdown";

async function main(): Promise<void> {
  loadEnvConfig(process.cwd(), false);
  if (!process.env.DATABASE_URL) {
    throw new Error("A worker runs the jobs of a shared deployment: set DATABASE_URL to its PostgreSQL database first.");
  }
  // A worker is there to run jobs, whatever the app instances are told.
  process.env.STUDIO_RUN_JOBS = "true";
  const { studio } = await import("@/lib/server/studio");
  await studio();
  console.log(`Seedream Studio worker ${process.pid} is taking jobs.`);
  // The listening connection keeps the process alive; this keeps it up should that drop for a while.
  const keepAlive = setInterval(() => {}, 60_000);

  // Running jobs finish or are handed back, within the bound every studio process keeps (server/shutdown.ts).
  stopOnSignal(async () => {
    await studioShutdown();
    clearInterval(keepAlive);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
