import type { StudioModel } from "@/lib/shared/seedream/models";
import { estimatedCredits, formatCredits } from "@/lib/shared/seedream/pricing";

interface CostEstimateProps {
  images: number;
  model: StudioModel;
  engine: "aimlapi" | "local";
}

/** What the next run will cost, beside the button that starts it; the card shows what it did cost. */
export function CostEstimate({ images, model, engine }: CostEstimateProps) {
  return (
    <p aria-live="polite" className="text-right text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
      <span className="sr-only">Estimated cost: </span>
      {engine === "local" ? "Offline engine: free" : `≈ ${formatCredits(estimatedCredits(images, model))}`}
    </p>
  );
}
