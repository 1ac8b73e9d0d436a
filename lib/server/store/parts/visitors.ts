import "server-only";
import { sql } from "drizzle-orm";
import { StoreError } from "../errors";
import type { VisitorsPart } from "../types";
import type { StoreContext, Tx } from "./context";

/** last_seen_at is for pruning abandoned visitors, so an hour's precision saves a write per request. */
const LAST_SEEN_PRECISION_MS = 60 * 60 * 1000;

export function visitorsPart(context: StoreContext): VisitorsPart {
  return {
    async ensure(visitorId) {
      await context.db.write((tx) => recordVisitor(context, tx, visitorId));
    },
  };
}

/** Inside every write that creates rows, so a visitor's first action never trips the foreign key. */
export async function recordVisitor(context: StoreContext, tx: Tx, visitorId: string): Promise<void> {
  const { visitors } = context.tables;
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
