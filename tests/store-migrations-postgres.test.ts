import { readMigrationFiles } from "drizzle-orm/migrator";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { POSTGRES_MIGRATIONS_FOLDER } from "@/lib/server/store/postgres/db";
import { openPostgresStore } from "@/lib/server/store/postgres";
import { openDiskBlobs } from "@/lib/server/store/blobs/disk";
import { freshDatabaseUrl } from "./support/store-kinds";

describe("PostgreSQL migrations", () => {
  it("run once when several instances start on the same empty database at the same moment", async () => {
    const databaseUrl = await freshDatabaseUrl();
    const blobs = openDiskBlobs("/nonexistent-not-used");
    // Each store migrates on its own connection before opening its pool: four instances racing.
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ databaseUrl, blobs })));
    await Promise.all(stores.map((store) => store.close()));

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const applied = await client.query<{ hash: string; created_at: string }>(
        "SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY created_at",
      );
      const expected = readMigrationFiles({ migrationsFolder: POSTGRES_MIGRATIONS_FOLDER });
      expect(applied.rows.map((row) => ({ hash: row.hash, createdAt: Number(row.created_at) }))).toEqual(
        expected.map((migration) => ({ hash: migration.hash, createdAt: migration.folderMillis })),
      );
      const gate = await client.query("SELECT id FROM quota_gate");
      expect(gate.rows).toEqual([{ id: 1 }]);
    } finally {
      await client.end();
    }
  });
});
