import { createClient, type Client } from "@libsql/client";
import { getTableColumns, getTableName } from "drizzle-orm";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, MIGRATIONS } from "@/lib/server/store/migrations";
import { generations, images, visitors } from "@/lib/server/store/schema";
import { png, useTempStore } from "./support/store-fixtures";

const stores = useTempStore();
afterEach(() => stores.cleanup());

/** Inspection only: the store itself is the one place that writes SQL. */
function inspect(dataDir: string): Client {
  return createClient({ url: pathToFileURL(join(dataDir, "studio.db")).href });
}

describe("store migrations", () => {
  it("create every table on a fresh data dir, in WAL mode, and record each version once", async () => {
    const dataDir = await stores.dataDir();
    await stores.close(await stores.open(dataDir));

    const db = inspect(dataDir);
    try {
      const tables = await db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
      expect(tables.rows.map((row) => row.name)).toEqual(
        expect.arrayContaining(["generations", "images", "schema_migrations", "visitors"]),
      );
      const versions = await db.execute("SELECT version FROM schema_migrations ORDER BY version");
      expect(versions.rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
      expect((await db.execute("PRAGMA journal_mode")).rows[0]?.journal_mode).toBe("wal");
      // Running them again is a no-op, not an error.
      expect(await applyMigrations(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("apply again on reopen without touching the data", async () => {
    const dataDir = await stores.dataDir();
    const first = await stores.open(dataDir);
    const image = await first.saveImage({ visitorId: "visitor-a", origin: "upload", ...(await png(64, 48)) });
    await stores.close(first);

    const second = await stores.open(dataDir);
    expect(await second.getImage("visitor-a", image.id)).toEqual(image);
  });

  it("survive two stores opening the same fresh dir at once", async () => {
    const dataDir = await stores.dataDir();
    const [a, b] = await Promise.all([stores.open(dataDir), stores.open(dataDir)]);
    const saved = await a.saveImage({ visitorId: "visitor-a", origin: "upload", ...(await png(32, 32)) });
    expect(await b.getImage("visitor-a", saved.id)).toEqual(saved);
  });

  it("bring a version 2 database up to date, keeping its rows, with no replay on them", async () => {
    const dataDir = await stores.dataDir();
    const db = inspect(dataDir);
    try {
      await db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
      for (const migration of MIGRATIONS.filter((candidate) => candidate.version <= 2)) {
        for (const statement of migration.statements) await db.execute(statement);
        await db.execute({ sql: "INSERT INTO schema_migrations VALUES (?, ?, 0)", args: [migration.version, migration.name] });
      }
      await db.execute("INSERT INTO visitors VALUES ('visitor-a', 1, 1)");
      await db.execute(`INSERT INTO generations (id, visitor_id, model, prompt, parameters, input_image_ids, status, created_at)
        VALUES ('0190a6c4-0000-7000-8000-000000000001', 'visitor-a', 'bytedance/seedream-v4-text-to-image', 'old', '{}', '[]', 'failed', 1)`);
    } finally {
      db.close();
    }

    const store = await stores.open(dataDir);
    expect(await store.getGeneration("visitor-a", "0190a6c4-0000-7000-8000-000000000001")).toMatchObject({
      prompt: "old",
      replayOf: null,
      replayPlan: null,
    });
    const after = inspect(dataDir);
    try {
      const versions = await after.execute("SELECT version FROM schema_migrations ORDER BY version");
      expect(versions.rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
      // A plan is a JSON array or nothing: the jobs layer reads it back as steps.
      await expect(
        after.execute("UPDATE generations SET replay_plan = '{\"not\": \"a list\"}'"),
      ).rejects.toThrow(/CHECK constraint failed/);
    } finally {
      after.close();
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
