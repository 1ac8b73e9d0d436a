import "server-only";
import { openSqliteStore } from "./sqlite";
import type { Store } from "./types";

export { StoreError, isStoreError, type StoreErrorCode } from "./errors";
export type * from "./types";

/** The studio's records and image bytes; see sqlite/index.ts for the embedded default. */
export async function openStore(options: { dataDir: string }): Promise<Store> {
  return openSqliteStore(options);
}
