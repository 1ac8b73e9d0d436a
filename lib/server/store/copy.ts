import "server-only";
import { Upload } from "@aws-sdk/lib-storage";
import { asc, gt, inArray } from "drizzle-orm";
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
const TABLES = ["visitors", "generations", "images"] as const;

export interface CopyReport {
  rows: Record<(typeof TABLES)[number], number>;
  blobs: number;
}

/**
 * Copies a stopped embedded deployment (its data dir, or a copy of one) into PostgreSQL, and its
 * image bytes into a bucket when one is given. Rows go in oldest first (a retry names an earlier
 * generation), each skipped when its id is already there, so running it again is safe. Then it
 * reads everything back: every row must equal its source, and every blob must hash to its name.
 */
export async function copyEmbeddedStore(options: { fromDataDir: string; toDatabaseUrl: string; toS3?: S3Settings }): Promise<CopyReport> {
  const source = await openDatabase(join(options.fromDataDir, "studio.db"));
  const target = await openPostgresDatabase(options.toDatabaseUrl);
  try {
    const rows = { visitors: 0, generations: 0, images: 0 };
    for (const table of TABLES) rows[table] = await copyTable(source, target, table);
    const blobs = options.toS3 ? await copyBlobs(source.orm, options.fromDataDir, options.toS3) : 0;
    return { rows, blobs };
  } finally {
    await source.close();
    await target.close();
  }
}

/** Pages through the source by id, inserts what is missing, and compares every row with the target's. */
async function copyTable(source: Database, target: Database, table: (typeof TABLES)[number]): Promise<number> {
  const from = sqlite[table];
  // The parts' SQLite typing again (see parts/context.ts): the builders are the same shape.
  const to = postgres[table] as unknown as typeof from;
  // Generations name earlier generations, so rows go in creation order.
  const all = await source.orm.select().from(from).orderBy(asc(from.createdAt), asc(from.id));
  for (let start = 0; start < all.length; start += PAGE) {
    const page = all.slice(start, start + PAGE);
    await target.write((tx) => tx.insert(to).values(page).onConflictDoNothing());
  }
  let verified = 0;
  let after = "";
  for (;;) {
    const page = await source.orm.select().from(from).where(gt(from.id, after)).orderBy(asc(from.id)).limit(PAGE);
    if (page.length === 0) break;
    const copied = await target.orm.select().from(to).where(inArray(to.id, page.map((row) => row.id)));
    const byId = new Map(copied.map((row) => [row.id, canonical(row)]));
    for (const row of page) {
      if (byId.get(row.id) !== canonical(row)) {
        throw new Error(`The ${table} row ${row.id} in PostgreSQL differs from the data dir's: remove it and copy again.`);
      }
    }
    verified += page.length;
    after = page.at(-1)!.id;
  }
  return verified;
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
