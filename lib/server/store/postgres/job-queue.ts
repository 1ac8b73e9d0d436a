import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { Database, Reader } from "../parts/context";
import type { JobQueuePart, TakenOver } from "../job-queue";
import type { GenerationFailure } from "../types";

/** Every claim takes this transaction-level lock first, so two claimers never both fill the last free slot. */
const CLAIM_LOCK_KEY = 7_302_614_202;
/** Lease times come from the database's clock, the one clock every instance shares. */
const NOW_MS = sql.raw("(extract(epoch from clock_timestamp()) * 1000)::bigint");

async function execute<Row extends Record<string, unknown>>(reader: Reader, query: SQL): Promise<Row[]> {
  const result = await (reader as unknown as NodePgDatabase).execute<Row>(query);
  return result.rows as Row[];
}

/**
 * The job queue of several instances and workers sharing one PostgreSQL database. A job is its
 * generations row: `queued` until a process claims it (`running`, `lease_owner`, `lease_until`),
 * which renews the claim while it works on it. Nothing is held in memory that another process
 * could need: a process that dies leaves a lease that lapses, and any other takes the job over.
 */
export function postgresJobQueue(db: Database): JobQueuePart {
  return {
    claim: ({ owner, wanted, deploymentLimit, leaseMs }) =>
      db.write(async (tx) => {
        if (wanted <= 0) return [];
        await execute(tx, sql`SELECT pg_advisory_xact_lock(${CLAIM_LOCK_KEY})`);
        const [counted] = await execute<{ running: number }>(
          tx,
          sql`SELECT count(*)::int AS running FROM generations WHERE status = 'running'`,
        );
        const take = Math.min(wanted, deploymentLimit - Number(counted?.running ?? 0));
        if (take <= 0) return [];
        // SKIP LOCKED: a row another writer holds (a cancel, a dismiss) is left for the next claim.
        const claimed = await execute<{ id: string; created_at: string }>(
          tx,
          sql`UPDATE generations SET status = 'running', started_at = ${NOW_MS}, lease_owner = ${owner},
                lease_until = ${NOW_MS} + ${leaseMs}::bigint, provider_called_at = NULL
              WHERE id IN (
                SELECT id FROM generations WHERE status = 'queued'
                ORDER BY created_at, id LIMIT ${take}::int FOR UPDATE SKIP LOCKED
              )
              RETURNING id, created_at`,
        );
        return claimed.sort((a, b) => Number(a.created_at) - Number(b.created_at)).map((row) => row.id);
      }),

    async renew(generationId, owner, leaseMs) {
      const renewed = await db.write((tx) =>
        execute(
          tx,
          sql`UPDATE generations SET lease_until = ${NOW_MS} + ${leaseMs}::bigint
              WHERE id = ${generationId} AND lease_owner = ${owner} AND status = 'running' RETURNING id`,
        ),
      );
      return renewed.length > 0;
    },

    async markProviderCalled(generationId, owner) {
      const marked = await db.write((tx) =>
        execute(
          tx,
          sql`UPDATE generations SET provider_called_at = coalesce(provider_called_at, ${NOW_MS})
              WHERE id = ${generationId} AND lease_owner = ${owner} AND status = 'running' RETURNING id`,
        ),
      );
      return marked.length > 0;
    },

    release: (generationId, owner, failure) =>
      db.write(async (tx) => {
        const [row] = await execute<{ status: string }>(
          tx,
          sql`UPDATE generations SET ${handBack(failure)}
              WHERE id = ${generationId} AND lease_owner = ${owner} AND status = 'running' RETURNING status`,
        );
        return (row?.status as TakenOver["status"] | undefined) ?? null;
      }),

    takeOverLapsed: (failure) =>
      db.write(async (tx) => {
        // A running row with no lease at all was started before leases existed: it may have reached
        // the provider, so it is never sent again.
        const rows = await execute<{ id: string; status: string }>(
          tx,
          sql`UPDATE generations SET ${handBack(failure)}
              WHERE id IN (
                SELECT id FROM generations
                WHERE status = 'running' AND (lease_until IS NULL OR lease_until < ${NOW_MS})
                FOR UPDATE SKIP LOCKED
              )
              RETURNING id, status`,
        );
        return rows.map((row) => ({ id: row.id, status: row.status as TakenOver["status"] }));
      }),
  };
}

/**
 * A job given up by its process: back to the queue if the provider was never asked (no one paid),
 * interrupted with the given sentence otherwise (the provider may have charged; Retry asks again).
 */
function handBack(failure: GenerationFailure): SQL {
  const reRun = sql.raw("(provider_called_at IS NULL AND lease_until IS NOT NULL)");
  return sql`
    status = CASE WHEN ${reRun} THEN 'queued' ELSE 'interrupted' END,
    started_at = CASE WHEN ${reRun} THEN NULL ELSE started_at END,
    finished_at = CASE WHEN ${reRun} THEN NULL ELSE ${NOW_MS} END,
    error_code = CASE WHEN ${reRun} THEN NULL ELSE ${failure.code} END,
    error_message = CASE WHEN ${reRun} THEN NULL ELSE ${failure.message} END,
    lease_owner = NULL,
    lease_until = NULL`;
}
