import "server-only";
import type { BlobStore } from "./blobs/blob-store";
import { openDiskBlobs } from "./blobs/disk";
import { openS3Blobs, type S3Settings } from "./blobs/s3";
import { openPostgresStore } from "./postgres";
import { openSqliteStore } from "./sqlite";
import type { Store } from "./types";

export { StoreError, isStoreError, type StoreErrorCode } from "./errors";
export type * from "./types";
export type { JobQueuePart, TakenOver } from "./job-queue";
export type { S3Settings } from "./blobs/s3";

export interface StoreSettings {
  /** The data dir: SQLite's file and the image folders live here unless the two settings below say otherwise. */
  dataDir: string;
  /** PostgreSQL for records instead of SQLite. */
  databaseUrl?: string;
  /** An S3 bucket for image bytes instead of the data dir. */
  s3?: S3Settings;
}

/** Which engines a store runs on, for the health route; never a URL or a secret. */
export function storeEngines(settings: StoreSettings): { records: "sqlite" | "postgres"; bytes: "disk" | "s3" } {
  return { records: settings.databaseUrl ? "postgres" : "sqlite", bytes: settings.s3 ? "s3" : "disk" };
}

/** The studio's records and image bytes: SQLite and the data dir by default, PostgreSQL and S3 when configured. */
export async function openStore(settings: StoreSettings): Promise<Store> {
  const blobs: BlobStore = settings.s3 ? openS3Blobs(settings.s3) : openDiskBlobs(settings.dataDir);
  if (settings.databaseUrl) return openPostgresStore({ databaseUrl: settings.databaseUrl, blobs });
  return openSqliteStore({ dataDir: settings.dataDir, blobs });
}
