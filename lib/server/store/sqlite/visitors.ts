import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Tx } from "./db";
import type { VisitorsPart } from "../types";
import { StoreError } from "../errors";
import { visitors } from "./schema";

/** last_seen_at is for pruning abandoned visitors, so an hour's precision saves a write per request. */
const LAST_SEEN_PRECISION_MS = 60 * 60 * 1000;

export function visitorsPart(db: Database): VisitorsPart {
  return {
    async ensure(visitorId) {
      await db.write((tx) => recordVisitor(tx, visitorId));
    },
  };
}

/** Inside every write that creates rows, so a visitor's first action never trips the foreign key. */
export async function recordVisitor(tx: Tx, visitorId: string): Promise<void> {
  if (typeof visitorId !== "string" || visitorId.length === 0 || visitorId.length > 200) {
    throw new StoreError("invalid_input", "A visitor id must be a non-empty string.");
  }
  const now = Date.now();
  await tx
    .insert(visitors)
    .values({ id: visitorId, createdAt: now, lastSeenAt: now })
    .onConflictDoUpdate({
      target: visitors.id,
      set: { lastSeenAt: now },
      setWhere: sql`${visitors.lastSeenAt} < ${now - LAST_SEEN_PRECISION_MS}`,
    });
}
