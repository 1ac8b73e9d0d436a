import "server-only";
import { passcodeGate } from "@/lib/server/passcode/gate";
import { utcDayStart } from "@/lib/server/quotas";
import { hasSession } from "@/lib/server/session";
import type { Spend, Store } from "@/lib/server/store";

/** What the header's ledger shows: today's spend (since UTC midnight, as the daily cap counts). */
export interface LedgerView {
  visitor: Spend;
  /** The whole deployment's; null unless the owner asked. */
  deployment: Spend | null;
}

const NOTHING: Spend = { images: 0, credits: 0 };

export async function todaysLedger(
  store: Store,
  visitorId: string | null,
  options: { owner: boolean; now?: number },
): Promise<LedgerView> {
  const since = utcDayStart(options.now ?? Date.now());
  const [visitor, deployment] = await Promise.all([
    visitorId ? store.usage.spendSince(since, visitorId) : NOTHING,
    options.owner ? store.usage.spendSince(since) : null,
  ]);
  return { visitor, deployment };
}

/**
 * The owner is whoever holds a valid passcode session: with no STUDIO_PASSCODE there is no owner,
 * since anyone with the link is let in and the deployment's spend is not theirs to see.
 */
export async function isOwner(): Promise<boolean> {
  return passcodeGate() !== null && (await hasSession());
}
