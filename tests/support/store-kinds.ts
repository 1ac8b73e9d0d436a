import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { inject } from "vitest";
import type { S3Settings } from "@/lib/server/store/blobs/s3";
import type { StoreSettings } from "@/lib/server/store";
import { createBucket, createDatabase } from "./engines/provision";

/** Every store test runs once per kind: the embedded default, and PostgreSQL with S3. */
export const storeKinds = ["sqlite+disk", "postgres+s3"] as const;
export type StoreKind = (typeof storeKinds)[number];

/** A fresh, empty database on the run's PostgreSQL server. */
export function freshDatabaseUrl(): Promise<string> {
  return createDatabase(inject("postgresUrl"));
}

/** A fresh, empty bucket on the run's S3 server. */
export function freshBucket(): Promise<S3Settings> {
  return createBucket(inject("s3Endpoint"));
}

export async function settingsFor(kind: StoreKind, dataDir: string): Promise<StoreSettings> {
  if (kind === "sqlite+disk") return { dataDir };
  const [databaseUrl, s3] = await Promise.all([freshDatabaseUrl(), freshBucket()]);
  return { dataDir, databaseUrl, s3 };
}

/**
 * The stored bytes as files, wherever they are: the data dir's folders, or the files s3rver keeps
 * for each object (`<dir>/<bucket>/<key>._S3rver_object`). `area` is "blobs" or "thumbs"; paths are
 * `ab/ab12…ef` (and `.webp` for thumbnails) either way.
 */
export function blobFiles(settings: StoreSettings) {
  const S3_SUFFIX = "._S3rver_object";
  const root = (area: string) => (settings.s3 ? join(inject("s3Directory"), settings.s3.bucket, area) : join(settings.dataDir, area));
  const pathOf = (area: string, path: string) => join(root(area), settings.s3 ? `${path}${S3_SUFFIX}` : path);
  return {
    async list(area: "blobs" | "thumbs"): Promise<string[]> {
      const entries = await readdir(root(area), { recursive: true, withFileTypes: true }).catch(() => []);
      return entries
        .filter((entry) => entry.isFile() && (!settings.s3 || entry.name.endsWith(S3_SUFFIX)))
        .map((entry) => relative(root(area), join(entry.parentPath, entry.name)).replace(S3_SUFFIX, ""))
        .sort();
    },
    read: (area: "blobs" | "thumbs", path: string) => readFile(pathOf(area, path)),
    stat: (area: "blobs" | "thumbs", path: string) => stat(pathOf(area, path)),
    remove: (area: "blobs" | "thumbs", path: string) => rm(pathOf(area, path), { force: true }),
  };
}
