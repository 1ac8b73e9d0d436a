import type { GalleryItemView, GenerationView } from "@/lib/shared/gallery/view";
import { requestedPixels } from "@/components/studio/composer/form-settings";

/** How many recent successful runs make "the usual time", and the wait before that many exist. */
export const USUAL_RUNS = 20;
export const FIRST_RUNS_SLOW_MS = 30_000;

/** Runs compare with runs of the same model at the same size: a 4096² edit is not a 1024² sketch. */
export function runKind(generation: Pick<GenerationView, "model" | "parameters">): string {
  const size = generation.parameters.image_size;
  const { width, height } = requestedPixels(size);
  return `${generation.model} ${width}x${height}`;
}

/**
 * When a job of each kind counts as slow: twice the median of the last 20 successful runs of that
 * kind, or 30 s while there are fewer than 20.
 */
export function slowThresholds(items: readonly GalleryItemView[]): (generation: GenerationView) => number {
  const durations = new Map<string, { at: number; ms: number }[]>();
  for (const item of items) {
    if (item.kind !== "generation") continue;
    const { generation } = item;
    if (generation.status !== "succeeded" || generation.startedAt === null || generation.finishedAt === null) continue;
    const kind = runKind(generation);
    const list = durations.get(kind) ?? [];
    list.push({ at: generation.finishedAt, ms: generation.finishedAt - generation.startedAt });
    durations.set(kind, list);
  }
  return (generation) => {
    const recent = (durations.get(runKind(generation)) ?? []).sort((a, b) => b.at - a.at).slice(0, USUAL_RUNS);
    if (recent.length < USUAL_RUNS) return FIRST_RUNS_SLOW_MS;
    return 2 * median(recent.map((run) => run.ms));
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
