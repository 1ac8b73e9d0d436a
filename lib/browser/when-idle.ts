/**
 * Runs `work` once the page is idle (after the current frame is drawn and the requests it started
 * are sent), or after `timeoutMs` at the latest. Where requestIdleCallback is missing (Safari), a
 * timer of `fallbackDelayMs` stands in. Answers how to call it off.
 */
export function whenIdle(work: () => void, timeoutMs: number, fallbackDelayMs = FALLBACK_DELAY_MS): () => void {
  if (typeof requestIdleCallback === "undefined") {
    const timer = setTimeout(work, fallbackDelayMs);
    return () => clearTimeout(timer);
  }
  const handle = requestIdleCallback(work, { timeout: timeoutMs });
  return () => cancelIdleCallback(handle);
}

/** Long enough for a render and the requests it starts; short enough to go unnoticed. */
const FALLBACK_DELAY_MS = 200;
