import "server-only";
import type { BlobStore } from "../blobs/blob-store";
import { createThumbnails } from "../blobs/thumbnails";
import type { Tables } from "../parts/context";
import { storeOfParts } from "../parts";
import type { Store } from "../types";
import { openPostgresDatabase } from "./db";
import { postgresDialect } from "./dialect";
import { postgresJobQueue } from "./job-queue";
import { schema } from "./schema";

/**
 * The shared store: records in PostgreSQL (Drizzle over node-postgres), bytes in the given blob
 * store (S3 for several instances, or the data dir's folders). Migrations run before it returns.
 */
export async function openPostgresStore(options: { databaseUrl: string; blobs: BlobStore }): Promise<Store> {
  const db = await openPostgresDatabase(options.databaseUrl);
  // Same names, columns and record types as SQLite's tables (checked in schema.ts).
  const tables = schema as unknown as Tables;
  const context = { db, tables, dialect: postgresDialect, blobs: options.blobs, thumbnails: createThumbnails(options.blobs) };
  return storeOfParts(context, postgresJobQueue(db));
}
