import "server-only";
import type { BlobStore } from "./blobs";
import type { Database } from "./db";
import type { Thumbnails } from "./thumbnails";

/** What every part of the SQLite store works with: the rows, the bytes and their thumbnails. */
export interface StoreContext {
  db: Database;
  blobs: BlobStore;
  thumbnails: Thumbnails;
}
