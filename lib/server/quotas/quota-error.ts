import "server-only";
/**
 * A request refused by a quota. `message` is the sentence the person sees: who reached which limit,
 * and how long to wait. lib/server/action.ts turns it into the `quota_exceeded` StudioError.
 */
export class QuotaError extends Error {
  /** How long until the request would fit; Infinity when it never will (more images than the limit). */
  readonly waitMs: number;

  constructor(message: string, waitMs: number) {
    super(message);
    this.name = "QuotaError";
    this.waitMs = waitMs;
  }
}

/** By name, not class identity: Next bundles a module more than once (see isStoreError). */
export function isQuotaError(error: unknown): error is QuotaError {
  return error instanceof Error && error.name === "QuotaError" && "waitMs" in error;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Rounded up, so the studio never says "in 12 minutes" when 12½ are left. */
export function waitPhrase(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE_MS));
  if (minutes < 60) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  const hours = Math.ceil(ms / HOUR_MS);
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

function images(count: number): string {
  return count === 1 ? "1 image" : `${count} images`;
}

/** Whose sliding window it is: the visitor's own, or everyone's behind the same IP address. */
export type WindowHolder = "visitor" | "network";

export function hourlyRefusal(holder: WindowHolder, usage: { used: number; requested: number; limit: number; waitMs: number }): QuotaError {
  const { used, requested, limit, waitMs } = usage;
  const who = holder === "visitor" ? "You've" : "Your network has";
  if (requested > limit) {
    return new QuotaError(`The limit here is ${images(limit)} an hour; ask for ${limit} or fewer.`, Infinity);
  }
  const wait = waitPhrase(waitMs);
  if (used >= limit) {
    const made = used === limit ? `${images(used)} in the last hour, the limit here` : `${images(used)} in the last hour, past the limit of ${limit} here`;
    return new QuotaError(`${who} made ${made}; you can make more in ${wait}.`, waitMs);
  }
  const room = limit - used;
  return new QuotaError(
    `${who} made ${used} of the ${images(limit)} allowed here in an hour, so ${requested} more won't fit; ask for ${room} or fewer now, or for ${requested} in ${wait}.`,
    waitMs,
  );
}

export function dailyRefusal(usage: { used: number; requested: number; limit: number; waitMs: number }): QuotaError {
  const { used, requested, limit, waitMs } = usage;
  if (requested > limit) {
    return new QuotaError(`This studio's daily limit is ${images(limit)}; ask for ${limit} or fewer.`, Infinity);
  }
  const wait = waitPhrase(waitMs);
  if (used >= limit) {
    return new QuotaError(`This studio has reached its daily limit of ${images(limit)}; it resets in ${wait}.`, waitMs);
  }
  const room = limit - used;
  return new QuotaError(
    `This studio has ${room} of its ${images(limit)} left today, so ${requested} won't fit; ask for ${room} or fewer, or wait until it resets in ${wait}.`,
    waitMs,
  );
}
