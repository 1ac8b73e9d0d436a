import "server-only";
import type { Client } from "@libsql/client";

/**
 * The schema's history before drizzle-kit, frozen: data directories made then carry a
 * `schema_migrations` table, and these steps bring one up to version 4, which is exactly the
 * first drizzle-kit migration (migrations/0000_baseline.sql). migrate.ts then records that
 * migration as applied, so nothing is created twice. Never add to this list: change schema.ts
 * and generate a migration instead. Each step runs in one transaction with its row.
 */
interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const LEGACY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "visitors, generations and images",
    statements: [
      `CREATE TABLE visitors (
        id TEXT PRIMARY KEY NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
      )`,
      `CREATE TABLE generations (
        id TEXT PRIMARY KEY NOT NULL,
        visitor_id TEXT NOT NULL REFERENCES visitors(id),
        model TEXT NOT NULL,
        prompt TEXT NOT NULL,
        parameters TEXT NOT NULL CHECK (json_valid(parameters)),
        input_image_ids TEXT NOT NULL CHECK (json_type(input_image_ids) = 'array'),
        status TEXT NOT NULL
          CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'canceled', 'interrupted')),
        error_code TEXT,
        error_message TEXT,
        credits_used REAL,
        seed INTEGER,
        provider_request_id TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        retry_of TEXT REFERENCES generations(id),
        deleted_at INTEGER
      )`,
      // The gallery walks this index newest first; id breaks ties within a millisecond.
      `CREATE INDEX generations_by_visitor ON generations (visitor_id, created_at, id)`,
      // Start-up (and, later, other instances) look for unfinished jobs without scanning history.
      `CREATE INDEX generations_unfinished ON generations (status) WHERE status IN ('queued', 'running')`,
      `CREATE TABLE images (
        id TEXT PRIMARY KEY NOT NULL,
        visitor_id TEXT NOT NULL REFERENCES visitors(id),
        origin TEXT NOT NULL CHECK (origin IN ('upload', 'output')),
        generation_id TEXT REFERENCES generations(id),
        output_index INTEGER,
        file_name TEXT,
        blob_key TEXT NOT NULL,
        mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/webp')),
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        bytes INTEGER NOT NULL CHECK (bytes > 0),
        sha256 TEXT NOT NULL,
        seed INTEGER,
        created_at INTEGER NOT NULL,
        deleted_at INTEGER,
        CHECK (
          (origin = 'upload' AND generation_id IS NULL AND output_index IS NULL)
          OR (origin = 'output' AND generation_id IS NOT NULL AND output_index IS NOT NULL AND output_index >= 0)
        )
      )`,
      // Origin second: the gallery pages through uploads without stepping over every output.
      `CREATE INDEX images_by_visitor ON images (visitor_id, origin, created_at, id)`,
      `CREATE UNIQUE INDEX images_by_generation ON images (generation_id, output_index)
        WHERE generation_id IS NOT NULL`,
      // Deleting an image asks whether any other row still uses the same bytes.
      `CREATE INDEX images_by_blob ON images (blob_key)`,
    ],
  },
  {
    version: 2,
    name: "client ip on generations, for quotas",
    statements: [
      // Null on rows made before quotas existed; they still count per visitor and per day.
      `ALTER TABLE generations ADD COLUMN client_ip TEXT`,
      // The per-IP sliding window and the daily cap each read one range, not the whole history.
      `CREATE INDEX generations_by_client_ip ON generations (client_ip, created_at) WHERE client_ip IS NOT NULL`,
      `CREATE INDEX generations_by_created_at ON generations (created_at)`,
    ],
  },
  {
    version: 3,
    name: "replayed chains, and lineage lookups",
    statements: [
      `ALTER TABLE generations ADD COLUMN replay_of TEXT REFERENCES generations(id)`,
      `ALTER TABLE generations ADD COLUMN replay_plan TEXT
        CHECK (replay_plan IS NULL OR json_type(replay_plan) = 'array')`,
      // Start-up looks for chains whose next step was never recorded (the process stopped between
      // one step's success and the next step's insert) without scanning history.
      `CREATE INDEX generations_holding_replay_plan ON generations (status) WHERE replay_plan IS NOT NULL`,
      // A lineage asks which of a visitor's edits used some images: only edits can, so text-to-image
      // jobs (most of a gallery) are never read for it. lineage.ts repeats this WHERE so SQLite picks it.
      `CREATE INDEX generations_edits_by_visitor ON generations (visitor_id) WHERE input_image_ids <> '[]'`,
    ],
  },
  {
    version: 4,
    name: "request ids, signed-out sessions, upload addresses",
    statements: [
      // The id the browser gave a start or retry: sent twice (a lost answer, a double click), it
      // names the job already recorded instead of paying for a second one.
      `ALTER TABLE generations ADD COLUMN client_request_id TEXT`,
      `CREATE UNIQUE INDEX generations_by_client_request ON generations (visitor_id, client_request_id)
        WHERE client_request_id IS NOT NULL`,
      // Passcode sessions ended by Sign out, until the date their cookie would have expired anyway.
      `CREATE TABLE revoked_sessions (
        id TEXT PRIMARY KEY NOT NULL,
        expires_at INTEGER NOT NULL
      )`,
      // Uploads count toward a per-address allowance as generations do; null on older rows.
      `ALTER TABLE images ADD COLUMN client_ip TEXT`,
      `CREATE INDEX images_uploads_by_client_ip ON images (client_ip, created_at) WHERE client_ip IS NOT NULL`,
      // Retention finds visitors who have not come back without scanning them all.
      `CREATE INDEX visitors_by_last_seen ON visitors (last_seen_at)`,
    ],
  },
];

/** Brings a database made before drizzle-kit up to the last version here; the caller holds the migration lock. */
export async function applyLegacyMigrations(client: Client): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of LEGACY_MIGRATIONS) {
    // BEGIN IMMEDIATE: a second process starting at the same moment waits here, then sees the row.
    const tx = await client.transaction("write");
    try {
      const seen = await tx.execute({
        sql: "SELECT 1 FROM schema_migrations WHERE version = ?",
        args: [migration.version],
      });
      if (seen.rows.length > 0) {
        await tx.rollback();
        continue;
      }
      for (const statement of migration.statements) await tx.execute(statement);
      await tx.execute({
        sql: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        args: [migration.version, migration.name, Date.now()],
      });
      await tx.commit();
      applied.push(migration.version);
    } finally {
      tx.close();
    }
  }
  return applied;
}
