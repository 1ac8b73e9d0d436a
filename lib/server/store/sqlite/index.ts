import "server-only";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { openDiskBlobs } from "../blobs/disk";
import { createThumbnails } from "../blobs/thumbnails";
import type { Store } from "../types";
import type { StoreContext } from "./context";
import { openDatabase } from "./db";
import { exportsPart } from "./exports";
import { galleryPart } from "./gallery";
import { generationsPart } from "./generations";
import { imagesPart } from "./images";
import { lineagePart } from "./lineage";
import { runsPart } from "./runs";
import { usagePart } from "./usage";
import { visitorsPart } from "./visitors";

/**
 * The embedded store: `<dataDir>/studio.db` (SQLite through Drizzle and @libsql/client) for
 * records, `<dataDir>/blobs` and `<dataDir>/thumbs` for bytes. Migrations run before it returns.
 * One Store per process: it queues its own writes (see db.ts), which two instances could not share.
 */
export async function openSqliteStore(options: { dataDir: string }): Promise<Store> {
  await mkdir(options.dataDir, { recursive: true });
  const db = await openDatabase(join(options.dataDir, "studio.db"));
  const blobs = openDiskBlobs(options.dataDir);
  const context: StoreContext = { db, blobs, thumbnails: createThumbnails(blobs) };
  return {
    visitors: visitorsPart(db),
    images: imagesPart(context),
    generations: generationsPart(context),
    runs: runsPart(context),
    gallery: galleryPart(context),
    lineage: lineagePart(context),
    exports: exportsPart(context),
    usage: usagePart(db),
    async close() {
      await context.thumbnails.idle();
      await db.close();
    },
  };
}
