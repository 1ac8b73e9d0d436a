import "server-only";
import { Upload } from "@aws-sdk/lib-storage";
import { asc, inArray } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { BlobVariant } from "./blobs/blob-store";
import { openDiskBlobs } from "./blobs/disk";
import { openS3Blobs, s3ClientFor, s3KeyOf, type S3Settings } from "./blobs/s3";
import type { Database, Orm } from "./parts/context";
import { openPostgresDatabase } from "./postgres/db";
import * as postgres from "./postgres/schema";
import { openDatabase } from "./sqlite/db";
import * as sqlite from "./sqlite/schema";

const PAGE = 500;

/**
 * The tables a deployment's data lives in, parents before children (a board image names its board
 * and image), each with the columns that order its rows for inserting and the key that finds a row
 * again. Sessions and sign-in throttles are not copied: they are short-lived and start afresh.
 */
const TABLES = {
  visitors: { order: ["createdAt", "id"], key: ["id"] },
  // Generations name earlier generations, so rows go in creation order.
  generations: { order: ["createdAt", "id"], key: ["id"] },
  images: { order: ["createdAt", "id"], key: ["id"] },
  boards: { order: ["createdAt", "id"], key: ["id"] },
  boardImages: { order: ["addedAt", "boardId", "imageId"], key: ["boardId", "imageId"] },
  favourites: { order: ["createdAt", "imageId"], key: ["imageId"] },
  shareLinks: { order: ["createdAt", "id"], key: ["id"] },
} as const;
type TableName = keyof typeof TABLES;

export interface CopyReport {
  rows: Record<TableName, number>;
  blobs: number;
}

/**
 * Copies a stopped embedded deployment (its data dir, or a copy of one) into PostgreSQL, and its
 * image bytes into a bucket when one is given. Rows go in oldest first (a retry names an earlier
 * generation), each skipped when its key is already there, so running it again is safe. Then it
 * reads everything back: every row must equal its source, and every blob must hash to its name.
 * Share links keep their tokens, so a link handed out before the move opens the same content after.
 */
export async function copyEmbeddedStore(options: { fromDataDir: string; toDatabaseUrl: string; toS3?: S3Settings }): Promise<CopyReport> {
  const source = await openDatabase(join(options.fromDataDir, "studio.db"));
  const target = await openPostgresDatabase(options.toDatabaseUrl);
  try {
    const rows = Object.fromEntries(Object.keys(TABLES).map((table) => [table, 0])) as Record<TableName, number>;
    for (const table of Object.keys(TABLES) as TableName[]) rows[table] = await copyTable(source, target, table);
    const blobs = options.toS3 ? await copyBlobs(source.orm, options.fromDataDir, options.toS3) : 0;
    return { rows, blobs };
  } finally {
    await source.close();
    await target.close();
  }
}

type Row = Record<string, unknown>;

/** Inserts what is missing, then compares every source row, a page at a time, with the target's. */
async function copyTable(source: Database, target: Database, table: TableName): Promise<number> {
  // The parts' SQLite typing again (see parts/context.ts): the builders are the same shape.
  const from = sqlite[table] as unknown as typeof sqlite.images;
  const to = postgres[table] as unknown as typeof sqlite.images;
  const columnsOf = (names: readonly string[]) => names.map((name) => (from as unknown as Record<string, SQLiteColumn>)[name]!);
  const all = (await source.orm
    .select()
    .from(from)
    .orderBy(...columnsOf(TABLES[table].order).map((column) => asc(column)))) as Row[];
  for (let start = 0; start < all.length; start += PAGE) {
    const page = all.slice(start, start + PAGE);
    await target.write((tx) => tx.insert(to).values(page as never).onConflictDoNothing());
  }
  const keyNames = TABLES[table].key;
  const keyOf = (row: Row) => JSON.stringify(keyNames.map((name) => row[name]));
  const targetKeys = keyNames.map((name) => (to as unknown as Record<string, SQLiteColumn>)[name]!);
  for (let start = 0; start < all.length; start += PAGE) {
    const page = all.slice(start, start + PAGE);
    // The page's rows by their first key column; a composite key narrows further in memory.
    const firstValues = [...new Set(page.map((row) => row[keyNames[0]]))];
    const copied = (await target.orm.select().from(to).where(inArray(targetKeys[0]!, firstValues as string[]))) as Row[];
    const byKey = new Map(copied.map((row) => [keyOf(row), canonical(row)]));
    for (const row of page) {
      if (byKey.get(keyOf(row)) !== canonical(row)) {
        throw new Error(`The ${table} row ${keyNames.map((name) => row[name]).join("/")} in PostgreSQL differs from the data dir's: remove it and copy again.`);
      }
    }
  }
  return all.length;
}

/** Every original (and the thumbnails already made), streamed from disk; then each original read back and hashed. */
async function copyBlobs(orm: Orm, dataDir: string, s3: S3Settings): Promise<number> {
  const rows = await orm.selectDistinct({ blobKey: sqlite.images.blobKey }).from(sqlite.images).orderBy(asc(sqlite.images.blobKey));
  const client = s3ClientFor(s3);
  const bucket = openS3Blobs(s3, client);
  const disk = openDiskBlobs(dataDir);
  let copied = 0;
  try {
    for (const { blobKey } of rows) {
      // A deleted image's bytes may be gone already: then there is nothing to copy or check.
      if (!(await disk.has("original", blobKey))) continue;
      for (const variant of ["original", "thumbnail"] as BlobVariant[]) {
        const file = diskPathOf(dataDir, variant, blobKey);
        const size = (await stat(file).catch(() => null))?.size;
        if (size === undefined) continue;
        const existing = await bucket.open(variant, blobKey);
        existing?.stream.destroy();
        if (existing?.size === size) continue;
        await new Upload({ client, params: { Bucket: s3.bucket, Key: s3KeyOf(variant, blobKey), Body: createReadStream(file) } }).done();
      }
      const opened = await bucket.open("original", blobKey);
      const hash = createHash("sha256");
      if (opened) await pipeline(opened.stream, hash);
      if (!opened || hash.digest("hex") !== blobKey) {
        throw new Error(`The bytes of blob ${blobKey} in the bucket do not hash to their name: copy again.`);
      }
      copied += 1;
    }
  } finally {
    client.destroy();
  }
  return copied;
}

function diskPathOf(dataDir: string, variant: BlobVariant, key: string): string {
  return variant === "original" ? join(dataDir, "blobs", key.slice(0, 2), key) : join(dataDir, "thumbs", key.slice(0, 2), `${key}.webp`);
}

/** JSON with object keys sorted: jsonb keeps its own key order, which is not a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
