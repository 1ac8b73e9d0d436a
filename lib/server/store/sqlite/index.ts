import "server-only";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { openDiskBlobs } from "../blobs/disk";
import { createThumbnails } from "../blobs/thumbnails";
import type { BlobStore } from "../blobs/blob-store";
import type { Store } from "../types";
import { storeOfParts } from "../parts";
import { openDatabase } from "./db";
import { sqliteDialect } from "./dialect";
import { schema } from "./schema";

/**
 * The embedded store: `<dataDir>/studio.db` (SQLite through Drizzle and @libsql/client) for
 * records, `<dataDir>/blobs` and `<dataDir>/thumbs` for bytes unless another blob store is given.
 * Migrations run before it returns.
 * One Store per process: it queues its own writes (see db.ts), which two instances could not share.
 */
export async function openSqliteStore(options: { dataDir: string; blobs?: BlobStore }): Promise<Store> {
  await mkdir(options.dataDir, { recursive: true });
  const db = await openDatabase(join(options.dataDir, "studio.db"));
  const blobs = options.blobs ?? openDiskBlobs(options.dataDir);
  return storeOfParts({ db, tables: schema, dialect: sqliteDialect, blobs, thumbnails: createThumbnails(blobs) });
}
