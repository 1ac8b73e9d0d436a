import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";

export interface JobRow {
  id: string;
  status: string;
  error_message: string | null;
}

/** The jobs' rows as the database holds them now, read on a connection of the test's own. */
export async function jobRows(databaseUrl: string, ids: string[]): Promise<JobRow[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<JobRow>("SELECT id, status, error_message FROM generations WHERE id = ANY($1)", [ids])).rows;
  } finally {
    await client.end();
  }
}

/** Waits until `check` holds (a failing check counts as not yet: the database may be down), or throws. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`Waited ${timeoutMs} ms for ${what}.`);
}
