import { createClient, type Client } from "@libsql/client";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { LEGACY_MIGRATIONS } from "@/lib/server/store/sqlite/legacy-migrations";

/** Inspection only: the store itself is the one place that writes SQL. */
export function inspect(dataDir: string): Client {
  return createClient({ url: pathToFileURL(join(dataDir, "studio.db")).href });
}

/** A database as an older release left it: the hand-written migrations up to `version`, then `rows` (raw SQL). */
export async function legacyDatabase(dataDir: string, version: number, rows: string[]): Promise<void> {
  const db = inspect(dataDir);
  try {
    await db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    for (const migration of LEGACY_MIGRATIONS.filter((candidate) => candidate.version <= version)) {
      for (const statement of migration.statements) await db.execute(statement);
      await db.execute({ sql: "INSERT INTO schema_migrations VALUES (?, ?, 0)", args: [migration.version, migration.name] });
    }
    for (const row of rows) await db.execute(row);
  } finally {
    db.close();
  }
}
