import "server-only";
import type { ResultSet } from "@libsql/client";
import type { Column, SQL } from "drizzle-orm";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type { BlobStore } from "../blobs/blob-store";
import type { Thumbnails } from "../blobs/thumbnails";
import type { schema } from "../sqlite/schema";

/**
 * The store's parts are written once, for SQLite and PostgreSQL alike. Drizzle's query builders
 * have the same shape in both dialects, so the parts are typed against the SQLite tables, and the
 * PostgreSQL store hands them its own tables (same names, columns and record types: checked in
 * postgres/schema.ts) and its own database under these types. What the two engines do differently
 * (JSON functions, locks, a recursive query) comes from the Dialect.
 */
export type Tables = typeof schema;
export type Orm = LibSQLDatabase<Tables>;
export type Tx = Parameters<Parameters<Orm["transaction"]>[0]>[0];
/** Either the database or an open transaction: what a read needs. */
export type Reader = BaseSQLiteDatabase<"async", ResultSet, Tables>;

export interface Database {
  orm: Orm;
  /** Runs `work` in a write transaction; see each engine's db.ts for how writers are kept apart. */
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface Dialect {
  /** SQL over the unaliased `images` table: the row is live, or an input of a live generation of its visitor. */
  isReadable(tables: Tables): SQL;
  /** A generation's num_images, one when unset. */
  requestedImages(tables: Tables): SQL<number>;
  /** Generations whose inputs include any of these image ids. */
  usesAnyImage(tables: Tables, imageIds: readonly string[]): SQL;
  /** The text holds `word`, ignoring case (ASCII at least): the gallery's search by prompt words. */
  containsText(column: Column | SQL, word: string): SQL;
  /** `column IN values`, written the way this engine looks each value up through its index. */
  inList(column: Column, values: readonly string[]): SQL;
  /** A visitor check on a lookup by id (see lineage.ts for why SQLite writes it oddly). */
  ownedBy(column: Column, visitorId: string): SQL;
  /** The path from an image back through first inputs: (generation, output index) pairs, nearest first. */
  chainLinks(reader: Reader, tables: Tables, imageId: string, visitorId: string, maxLinks: number): Promise<ChainRow[]>;
  /** Inside a write: no other writer can admit a generation against the same quotas until this one commits. */
  lockQuotas(tx: Tx): Promise<void>;
  /** Inside a write: no other writer can add or remove a row for this blob until this one commits. */
  lockBlob(tx: Tx, blobKey: string): Promise<void>;
  /** Inside a write: the generation's row stays as read until this one commits. */
  lockGeneration(tx: Tx, generationId: string): Promise<void>;
}

export interface ChainRow {
  generationId: string;
  outputIndex: number;
}

/** What every part works with: the rows, the bytes and their thumbnails. */
export interface StoreContext {
  db: Database;
  tables: Tables;
  dialect: Dialect;
  blobs: BlobStore;
  thumbnails: Thumbnails;
}
