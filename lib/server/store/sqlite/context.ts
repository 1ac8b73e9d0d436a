import "server-only";
import type { BlobStore } from "../blobs/blob-store";
import type { Thumbnails } from "../blobs/thumbnails";
import type { Database } from "./db";

/** What every part of the SQLite store works with: the rows, the bytes and their thumbnails. */
export interface StoreContext {
  db: Database;
  blobs: BlobStore;
  thumbnails: Thumbnails;
}
