import "server-only";
/**
 * Waiting between tries of one generation. Only the client retries, and only when the provider
 * said it did not start the work (429, 503), so a wait never risks paying twice.
 */

/**
 * The wait after `triesSoFar` tries: base·2^(n−1) scaled by a random factor in [0.5, 1.5], so that
 * several studio jobs throttled together do not come back in step.
 */
export function backoffDelayMs(
  triesSoFar: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = baseMs * 2 ** Math.max(0, triesSoFar - 1);
  return Math.max(0, Math.min(maxMs, Math.round(exponential * (0.5 + random()))));
}

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * AI/ML API is reported not to send it, but a proxy in front of it may.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // V8's Date.parse reads "1.5" or "2" as dates, so only strings shaped like an HTTP-date get there.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
