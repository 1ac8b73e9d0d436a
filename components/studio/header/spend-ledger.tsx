"use client";

import type { LedgerView } from "@/lib/server/ledger";
import { formatCredits } from "@/lib/shared/seedream/pricing";
import type { Spend } from "@/lib/server/store/types";
import { useLedger } from "@/components/studio/data/queries";

interface SpendLedgerProps {
  initialLedger: LedgerView;
  engine: "aimlapi" | "local";
}

/**
 * Today's spend (since UTC midnight): this visitor's, and for the owner the whole studio's, which
 * the server sends to the owner's session only (lib/server/ledger.ts).
 */
export function SpendLedger({ initialLedger, engine }: SpendLedgerProps) {
  const { data: ledger } = useLedger(initialLedger);
  return (
    <div role="status" aria-label="Spend today" className="flex min-w-0 flex-col text-right text-xs tabular-nums text-zinc-700 dark:text-zinc-300">
      <p className="truncate" title={`Today: ${describe(ledger.visitor, engine)}`}>
        <span className="max-sm:hidden">Today: </span>
        {describe(ledger.visitor, engine)}
      </p>
      {ledger.deployment && <p className="truncate max-sm:hidden">Whole studio today: {describe(ledger.deployment, engine)}</p>}
    </div>
  );
}

function describe(spend: Spend, engine: SpendLedgerProps["engine"]): string {
  const images = spend.images === 1 ? "1 image" : `${spend.images.toLocaleString("en")} images`;
  // The offline engine reports no credits; calling its pictures "0 credits" would read as a discount.
  return `${images} · ${engine === "local" && spend.credits === 0 ? "free" : formatCredits(spend.credits)}`;
}
