import "server-only";
import { desc, inArray, lte, notInArray, sql } from "drizzle-orm";
import type { SignInsPart } from "../types";
import type { StoreContext } from "./context";

/**
 * The passcode throttle's counts, in one write per try so two tries (or two instances) cannot both
 * read the same count: SQLite's write lock, or PostgreSQL's row locks on the keys (upserted first).
 */
export function signInsPart(context: StoreContext): SignInsPart {
  const { signInAttempts } = context.tables;
  return {
    async begin(keys, { now, forgetAfterMs, maxEntries }) {
      return context.db.write(async (tx) => {
        // Stale counts are forgotten, and the table never holds more than maxEntries guessers.
        await tx.delete(signInAttempts).where(lte(signInAttempts.lastTryAt, now - forgetAfterMs));
        // Touch first: in PostgreSQL the upsert locks each key's row until this write commits.
        for (const key of keys) {
          await tx
            .insert(signInAttempts)
            .values({ key, wrongTries: 0, lastTryAt: now })
            .onConflictDoUpdate({ target: signInAttempts.key, set: { lastTryAt: now } });
        }
        const rows = await tx.select().from(signInAttempts).where(inArray(signInAttempts.key, [...keys]));
        const wrongTries = Math.max(0, ...rows.map((row) => row.wrongTries));
        await tx
          .update(signInAttempts)
          .set({ wrongTries: wrongTries + 1 })
          .where(inArray(signInAttempts.key, [...keys]));
        const newest = tx
          .select({ key: signInAttempts.key })
          .from(signInAttempts)
          .orderBy(desc(signInAttempts.lastTryAt), desc(sql`${signInAttempts.key} IN ${[...keys]}`))
          .limit(maxEntries);
        await tx.delete(signInAttempts).where(notInArray(signInAttempts.key, newest));
        return wrongTries;
      });
    },

    async forgive(keys) {
      await context.db.write((tx) => tx.delete(signInAttempts).where(inArray(signInAttempts.key, [...keys])));
    },

    async wrongTries(key, { now, forgetAfterMs }) {
      const rows = await context.db.orm.select().from(signInAttempts).where(inArray(signInAttempts.key, [key]));
      const row = rows[0];
      return row && now - row.lastTryAt < forgetAfterMs ? row.wrongTries : 0;
    },
  };
}
