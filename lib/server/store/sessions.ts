import "server-only";
import { gt, lte } from "drizzle-orm";
import type { StoreContext } from "./context";
import { revokedSessions } from "./schema";

/** Sign out: the session id is refused until its cookie would have expired anyway. */
export async function revokeSession(context: StoreContext, id: string, expiresAt: number): Promise<void> {
  await context.db.write((tx) => tx.insert(revokedSessions).values({ id, expiresAt }).onConflictDoNothing());
}

/** Revoked sessions still unexpired; the expired ones are forgotten on the way. */
export async function listRevokedSessions(context: StoreContext, now: number): Promise<string[]> {
  await context.db.write((tx) => tx.delete(revokedSessions).where(lte(revokedSessions.expiresAt, now)));
  const rows = await context.db.orm.select({ id: revokedSessions.id }).from(revokedSessions).where(gt(revokedSessions.expiresAt, now));
  return rows.map((row) => row.id);
}
