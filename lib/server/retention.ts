import "server-only";
import type { Store } from "@/lib/server/store";

const DAY_MS = 24 * 60 * 60 * 1000;
const EVERY_MS = 60 * 60 * 1000;

/** One pass: removes visitors not seen for `days` days (STUDIO_RETENTION_DAYS), as of `now`. */
export async function pruneAbandonedVisitors(store: Store, days: number, now = Date.now()): Promise<number> {
  return store.disk.pruneVisitorsNotSeenSince(now - days * DAY_MS);
}

/** At start-up and then hourly; never what keeps the process alive. */
export function startRetention(store: Store, days: number): void {
  const pass = () =>
    pruneAbandonedVisitors(store, days)
      .then((removed) => {
        if (removed > 0) console.warn(`Removed ${removed} visitor(s) not seen for ${days} days, with their images.`);
      })
      .catch((error: unknown) => console.error("Retention: visitors could not be pruned.", error));
  void pass();
  setInterval(pass, EVERY_MS).unref();
}
