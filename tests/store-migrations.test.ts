import { createClient, type Client } from "@libsql/client";
import { getTableColumns, getTableName } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { applyLegacyMigrations, LEGACY_MIGRATIONS } from "@/lib/server/store/sqlite/legacy-migrations";
import { applyMigrations, SQLITE_MIGRATIONS_FOLDER } from "@/lib/server/store/sqlite/migrate";
import { generations, images, visitors } from "@/lib/server/store/sqlite/schema";
import { checksAndIndexes } from "./support/sqlite-schema";
import { png, useTempStore } from "./support/store-fixtures";

const stores = useTempStore();
afterEach(() => stores.cleanup());

const MIGRATIONS = readMigrationFiles({ migrationsFolder: SQLITE_MIGRATIONS_FOLDER });

/** Inspection only: the store itself is the one place that writes SQL. */
function inspect(dataDir: string): Client {
  return createClient({ url: pathToFileURL(join(dataDir, "studio.db")).href });
}

async function appliedMigrations(db: Client) {
  const rows = await db.execute("SELECT hash, created_at FROM __drizzle_migrations ORDER BY created_at");
  return rows.rows.map((row) => ({ hash: row.hash, createdAt: Number(row.created_at) }));
}

const EVERY_MIGRATION = MIGRATIONS.map((migration) => ({ hash: migration.hash, createdAt: migration.folderMillis }));

/** A data dir as the hand-written migrations left it, up to `version`. */
async function legacyDataDir(version: number): Promise<string> {
  const dataDir = await stores.dataDir();
  const db = inspect(dataDir);
  try {
    await db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    for (const migration of LEGACY_MIGRATIONS.filter((candidate) => candidate.version <= version)) {
      for (const statement of migration.statements) await db.execute(statement);
      await db.execute({ sql: "INSERT INTO schema_migrations VALUES (?, ?, 0)", args: [migration.version, migration.name] });
    }
  } finally {
    db.close();
  }
  return dataDir;
}

const openInChild = promisify(execFile);
function openInOwnProcess(dataDir: string) {
  return openInChild(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/open-store-child.ts", dataDir], {
    cwd: process.cwd(),
    timeout: 60_000,
  });
}

describe("store migrations", () => {
  it("create every table on a fresh data dir, in WAL mode, and record each migration once", async () => {
    const dataDir = await stores.dataDir();
    await stores.close(await stores.open(dataDir));

    const db = inspect(dataDir);
    try {
      const tables = await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
      expect(tables.rows.map((row) => row.name)).toEqual(
        expect.arrayContaining(["__drizzle_migrations", "generations", "images", "visitors"]),
      );
      expect(await appliedMigrations(db)).toEqual(EVERY_MIGRATION);
      expect((await db.execute("PRAGMA journal_mode")).rows[0]?.journal_mode).toBe("wal");
      // Running them again is a no-op, not an error.
      await applyMigrations(db, join(dataDir, "studio.db"), 5_000);
      expect(await appliedMigrations(db)).toEqual(EVERY_MIGRATION);
    } finally {
      db.close();
    }
  });

  it("apply again on reopen without touching the data", async () => {
    const dataDir = await stores.dataDir();
    const first = await stores.open(dataDir);
    const image = await first.images.save({ visitorId: "visitor-a", origin: "upload", ...(await png(64, 48)) });
    await stores.close(first);

    const second = await stores.open(dataDir);
    expect(await second.images.get("visitor-a", image.id)).toEqual(image);
  });

  it("survive two stores opening the same fresh dir at once", async () => {
    const dataDir = await stores.dataDir();
    const [a, b] = await Promise.all([stores.open(dataDir), stores.open(dataDir)]);
    const saved = await a.images.save({ visitorId: "visitor-a", origin: "upload", ...(await png(32, 32)) });
    expect(await b.images.get("visitor-a", saved.id)).toEqual(saved);
  });

  it("migrate once when two processes open the same fresh dir, or the same old one, at the same moment", async () => {
    for (const dataDir of [await stores.dataDir(), await legacyDataDir(2)]) {
      await Promise.all([openInOwnProcess(dataDir), openInOwnProcess(dataDir)]);
      const db = inspect(dataDir);
      try {
        expect(await appliedMigrations(db)).toEqual(EVERY_MIGRATION);
      } finally {
        db.close();
      }
    }
  }, 120_000);

  it("bring a version 2 database up to date, keeping its rows, with no replay on them", async () => {
    const dataDir = await legacyDataDir(2);
    const db = inspect(dataDir);
    try {
      await db.execute("INSERT INTO visitors VALUES ('visitor-a', 1, 1)");
      await db.execute(`INSERT INTO generations (id, visitor_id, model, prompt, parameters, input_image_ids, status, created_at)
        VALUES ('0190a6c4-0000-7000-8000-000000000001', 'visitor-a', 'bytedance/seedream-v4-text-to-image', 'old', '{}', '[]', 'failed', 1)`);
    } finally {
      db.close();
    }

    const store = await stores.open(dataDir);
    expect(await store.generations.get("visitor-a", "0190a6c4-0000-7000-8000-000000000001")).toMatchObject({
      prompt: "old",
      replayOf: null,
      replayPlan: null,
    });
    const after = inspect(dataDir);
    try {
      const versions = await after.execute("SELECT version FROM schema_migrations ORDER BY version");
      expect(versions.rows.map((row) => row.version)).toEqual(LEGACY_MIGRATIONS.map((migration) => migration.version));
      // The baseline is recorded, not run: its CREATE TABLEs would have failed on the existing tables.
      expect(await appliedMigrations(after)).toEqual(EVERY_MIGRATION);
      // A plan is a JSON array or nothing: the jobs layer reads it back as steps.
      await expect(
        after.execute("UPDATE generations SET replay_plan = '{\"not\": \"a list\"}'"),
      ).rejects.toThrow(/CHECK constraint failed/);
    } finally {
      after.close();
    }
  });

  it("keep every check and index the hand-written DDL had", async () => {
    const legacy = inspect(await legacyDataDir(LEGACY_MIGRATIONS.at(-1)!.version));
    const freshDir = await stores.dataDir();
    await stores.close(await stores.open(freshDir));
    const fresh = inspect(freshDir);
    try {
      const before = await checksAndIndexes(legacy);
      const now = await checksAndIndexes(fresh);
      expect(before.indexes.length).toBe(12);
      expect(Object.values(before.checks).flat().length).toBe(10);
      expect(now).toEqual(before);
      // And the legacy steps have nothing left to do on a database they did not make.
      expect(await applyLegacyMigrations(legacy)).toEqual([]);
    } finally {
      legacy.close();
      fresh.close();
    }
  });

  it("create exactly the columns the Drizzle tables declare", async () => {
    const dataDir = await stores.dataDir();
    await stores.close(await stores.open(dataDir));
    const db = inspect(dataDir);
    try {
      for (const table of [visitors, generations, images]) {
        const info = await db.execute(`PRAGMA table_info(${getTableName(table)})`);
        const actual = info.rows.map((row) => [row.name, row.notnull === 1 || row.pk === 1]);
        const declared = Object.values(getTableColumns(table)).map((column) => [column.name, column.notNull]);
        expect(actual.sort()).toEqual(declared.sort());
      }
    } finally {
      db.close();
    }
  });
});
