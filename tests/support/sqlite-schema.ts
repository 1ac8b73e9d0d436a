import type { Client } from "@libsql/client";

/**
 * A database's checks and indexes, written the same way whoever wrote the DDL: identifiers
 * unquoted and unqualified, no whitespace. Used to prove the generated migrations keep every
 * check and index the hand-written DDL had.
 */
export async function checksAndIndexes(db: Client): Promise<{ checks: Record<string, string[]>; indexes: string[] }> {
  const tables = await db.execute(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ('visitors', 'generations', 'images') ORDER BY name",
  );
  const checks: Record<string, string[]> = {};
  for (const row of tables.rows) checks[String(row.name)] = checkExpressions(String(row.sql)).map(normalise).sort();

  const indexRows = await db.execute(
    "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('visitors', 'generations', 'images')",
  );
  const indexes: string[] = [];
  for (const row of indexRows.rows) {
    const columns = await db.execute(`PRAGMA index_info(${String(row.name)})`);
    const where = /\bWHERE\b([\s\S]*)$/i.exec(String(row.sql))?.[1] ?? "";
    const unique = /^CREATE\s+UNIQUE/i.test(String(row.sql)) ? "unique " : "";
    indexes.push(`${unique}${String(row.name)} on ${String(row.tbl_name)}(${columns.rows.map((c) => c.name).join(",")}) where ${normalise(where)}`);
  }
  return { checks, indexes: indexes.sort() };
}

function checkExpressions(tableSql: string): string[] {
  const found: string[] = [];
  const keyword = /\bCHECK\s*\(/gi;
  for (let match = keyword.exec(tableSql); match; match = keyword.exec(tableSql)) {
    let depth = 1;
    let end = match.index + match[0].length;
    while (depth > 0 && end < tableSql.length) {
      if (tableSql[end] === "(") depth += 1;
      if (tableSql[end] === ")") depth -= 1;
      end += 1;
    }
    found.push(tableSql.slice(match.index + match[0].length, end - 1));
  }
  return found;
}

function normalise(expression: string): string {
  return expression
    .replace(/["`]/g, "")
    .replace(/\b(generations|images|visitors)\./g, "")
    .replace(/\s+/g, "")
    .toLowerCase();
}
