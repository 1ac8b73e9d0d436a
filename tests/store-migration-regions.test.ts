import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS } from "@/lib/server/store/migrations";
import { databaseAtVersion, inspect } from "./support/migration-fixtures";
import { useTempStore } from "./support/store-fixtures";

const stores = useTempStore();
afterEach(() => stores.cleanup());

const OLD_ID = "0190a6c4-0000-7000-8000-000000000003";

describe("the regions migration", () => {
  it("brings a version 4 database up to date: old generations have no region and still read", async () => {
    const dataDir = await stores.dataDir();
    await databaseAtVersion(dataDir, 4, [
      "INSERT INTO visitors VALUES ('visitor-a', 1, 1)",
      `INSERT INTO generations (id, visitor_id, model, prompt, parameters, input_image_ids, status, created_at)
        VALUES ('${OLD_ID}', 'visitor-a', 'bytedance/seedream-v4-text-to-image', 'before regions', '{"seed":3}', '[]', 'succeeded', 1)`,
    ]);

    const store = await stores.open(dataDir);
    expect(await store.getGeneration("visitor-a", OLD_ID)).toMatchObject({
      prompt: "before regions",
      parameters: { seed: 3 },
      region: null,
      regionOutcomes: null,
    });
    const after = inspect(dataDir);
    try {
      const versions = await after.execute("SELECT version FROM schema_migrations ORDER BY version");
      expect(versions.rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
      // A region is an object of shapes and outcomes a list: anything else is refused by the database.
      await expect(after.execute("UPDATE generations SET region = '[1]'")).rejects.toThrow(/CHECK constraint failed/);
      await expect(after.execute("UPDATE generations SET region_outcomes = '{}'")).rejects.toThrow(/CHECK constraint failed/);
    } finally {
      after.close();
    }
  });
});
