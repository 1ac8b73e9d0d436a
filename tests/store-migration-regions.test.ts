import { readMigrationFiles } from "drizzle-orm/migrator";
import { afterEach, describe, expect, it } from "vitest";
import { SQLITE_MIGRATIONS_FOLDER } from "@/lib/server/store/sqlite/migrate";
import { inspect, legacyDatabase } from "./support/migration-fixtures";
import { useTempStore } from "./support/store-fixtures";

const stores = useTempStore();
afterEach(() => stores.cleanup());

const OLD_ID = "0190a6c4-0000-7000-8000-000000000003";

describe("the regions migration", () => {
  it("brings a database made before regions up to date: old generations have no region and still read", async () => {
    const dataDir = await stores.dataDir();
    await legacyDatabase(dataDir, 4, [
      "INSERT INTO visitors VALUES ('visitor-a', 1, 1)",
      `INSERT INTO generations (id, visitor_id, model, prompt, parameters, input_image_ids, status, created_at)
        VALUES ('${OLD_ID}', 'visitor-a', 'bytedance/seedream-v4-text-to-image', 'before regions', '{"seed":3}', '[]', 'succeeded', 1)`,
    ]);

    const store = await stores.open(dataDir);
    expect(await store.generations.get("visitor-a", OLD_ID)).toMatchObject({
      prompt: "before regions",
      parameters: { seed: 3 },
      region: null,
      regionOutcomes: null,
    });
    const after = inspect(dataDir);
    try {
      // Every drizzle-kit migration is recorded, the regions one included.
      const applied = await after.execute("SELECT hash FROM __drizzle_migrations ORDER BY created_at");
      const files = readMigrationFiles({ migrationsFolder: SQLITE_MIGRATIONS_FOLDER });
      expect(files.length).toBeGreaterThan(1);
      expect(applied.rows.map((row) => row.hash)).toEqual(files.map((file) => file.hash));
      const columns = await after.execute("PRAGMA table_info(generations)");
      expect(columns.rows.map((row) => row.name)).toEqual(expect.arrayContaining(["region", "region_outcomes"]));
    } finally {
      after.close();
    }
  });
});
