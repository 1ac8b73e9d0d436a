import "server-only";
import { cookies } from "next/headers";
import { liveSession, passcodeGate } from "@/lib/server/passcode/gate";
import { isOwnerMark, OWNER_COOKIE } from "@/lib/server/passcode/owner";
import { SESSION_COOKIE } from "@/lib/server/passcode/session-token";
import { utcDayStart } from "@/lib/server/quotas";
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
 * The owner is whoever signed in with STUDIO_OWNER_PASSCODE; holders of the shared passcode are
 * not. With no owner passcode (or no passcode at all) nobody sees the deployment's spend here.
 */
export async function isOwner(): Promise<boolean> {
  const gate = passcodeGate();
  if (!gate?.ownerPasscode) return false;
  const jar = await cookies();
  return isOwnerMark(gate, liveSession(gate, jar.get(SESSION_COOKIE)?.value), jar.get(OWNER_COOKIE)?.value);
}
