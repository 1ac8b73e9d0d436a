import type { GenerationView } from "@/lib/shared/gallery/view";

/**
 * Under an edit made with a painted region: whether its outside is the original's, and if an
 * output was kept as the model returned it, why. Nothing while pending or without a region.
 */
export function regionSentence(region: GenerationView["region"]): string | null {
  const outcomes = region?.outcomes;
  if (!region || !outcomes || outcomes.length === 0) return null;
  const sentences = new Set(
    outcomes.map((outcome) =>
      outcome.composited
        ? `Outside the painted region (feather ${region.feather} px) every pixel is the original's${outcome.resized ? "; the result was resized to the original's size first" : ""}.`
        : outcome.reason,
    ),
  );
  return [...sentences].join(" ");
}
