import "server-only";
import { gt, lte } from "drizzle-orm";
import type { SessionsPart } from "../types";
import type { StoreContext } from "./context";

export function sessionsPart(context: StoreContext): SessionsPart {
  const { revokedSessions } = context.tables;
  return {
    async revoke(id, expiresAt) {
      await context.db.write((tx) => tx.insert(revokedSessions).values({ id, expiresAt }).onConflictDoNothing());
    },
    async listRevoked(now) {
      await context.db.write((tx) => tx.delete(revokedSessions).where(lte(revokedSessions.expiresAt, now)));
      const rows = await context.db.orm
        .select({ id: revokedSessions.id })
        .from(revokedSessions)
        .where(gt(revokedSessions.expiresAt, now));
      return rows.map((row) => row.id);
    },
  };
}
