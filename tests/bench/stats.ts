/** The figures a benchmark prints from its samples, in milliseconds unless said otherwise. */

function sorted(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new RangeError("No samples to summarise.");
  return [...samples].sort((a, b) => a - b);
}

/** The middle sample, or the mean of the two middle ones when the count is even. */
export function median(samples: readonly number[]): number {
  const values = sorted(samples);
  const middle = Math.floor(values.length / 2);
  return values.length % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}

/**
 * Nearest rank: the smallest sample with at least p % of the samples at or below it. With 20
 * samples, p95 is the 19th fastest, so one slow outlier shows in the maximum, not in p95.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`A percentile is in (0, 100], got ${p}.`);
  const values = sorted(samples);
  return values[Math.ceil((p / 100) * values.length) - 1]!;
}

export function formatMs(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}
