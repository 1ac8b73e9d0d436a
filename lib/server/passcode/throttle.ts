import "server-only";
import type { SignInsPart } from "@/lib/server/store";

/**
 * Slows down guessing: each wrong passcode adds a second to the wait before the next try is even
 * checked (0 s, 1 s, 2 s … capped at 30 s), per IP and per visitor, forgotten after 15 quiet minutes
 * or on a right passcode.
 *
 * The counts live in the store (SQLite or PostgreSQL), so every instance of a shared deployment
 * sees the same ones and a restart does not hand out free tries.
 */
const DELAY_STEP_MS = 1_000;
export const DELAY_MAX_MS = 30_000;
export const FORGET_AFTER_MS = 15 * 60_000;
export const MAX_ENTRIES = 10_000;

/** The wait before a try, given how many wrong ones came before it. */
export function signInDelayMs(wrongTries: number): number {
  return Math.min(Math.max(0, wrongTries) * DELAY_STEP_MS, DELAY_MAX_MS);
}

/** Where the counts live: the store's table in the studio (shared by every instance), or memory. */
export type SignInCounts = Pick<SignInsPart, "begin" | "forgive" | "wrongTries">;

export class SignInThrottle {
  /** Keys with a try being waited out or checked right now, in this process. */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly counts: SignInCounts = memorySignInCounts(),
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Starts a try for these keys and returns how long to wait before checking it. The try counts as
   * wrong from this moment, so tries sent in parallel queue up behind each other instead of all
   * waiting the same short time; `forgive` undoes it when the passcode was right.
   */
  async begin(keys: readonly string[]): Promise<number> {
    const wrongTries = await this.counts.begin(keys, { now: this.now(), forgetAfterMs: FORGET_AFTER_MS, maxEntries: MAX_ENTRIES });
    return signInDelayMs(wrongTries);
  }

  /**
   * One try at a time per IP and per visitor: while one is under way, another from the same
   * address or visitor is refused unchecked. Without this, guesses per second would grow with how
   * many an attacker sends at once, each waiting out the same capped delay.
   */
  claim(keys: readonly string[]): boolean {
    if (keys.some((key) => this.inFlight.has(key))) return false;
    for (const key of keys) this.inFlight.add(key);
    return true;
  }

  release(keys: readonly string[]): void {
    for (const key of keys) this.inFlight.delete(key);
  }

  forgive(keys: readonly string[]): Promise<void> {
    return this.counts.forgive(keys);
  }

  /** Wrong tries on record for a key, for tests and logs. */
  wrongTries(key: string): Promise<number> {
    return this.counts.wrongTries(key, { now: this.now(), forgetAfterMs: FORGET_AFTER_MS });
  }
}

interface Entry {
  wrongTries: number;
  lastTryAt: number;
}

/** Counts in this process's memory, for a studio without a store at hand (and the rules' own tests). */
export function memorySignInCounts(): SignInCounts {
  const entries = new Map<string, Entry>();
  const live = (key: string, now: number, forgetAfterMs: number) => {
    const entry = entries.get(key);
    if (entry && now - entry.lastTryAt >= forgetAfterMs) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    async begin(keys, { now, forgetAfterMs, maxEntries }) {
      const wrongTries = Math.max(0, ...keys.map((key) => live(key, now, forgetAfterMs)?.wrongTries ?? 0));
      for (const key of keys) {
        // Re-inserted, so the map's order stays oldest-first for pruning.
        entries.delete(key);
        entries.set(key, { wrongTries: wrongTries + 1, lastTryAt: now });
      }
      // Bounded memory whatever a flood of addresses does: stale entries go first.
      for (const key of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(key);
      }
      return wrongTries;
    },
    async forgive(keys) {
      for (const key of keys) entries.delete(key);
    },
    async wrongTries(key, { now, forgetAfterMs }) {
      return live(key, now, forgetAfterMs)?.wrongTries ?? 0;
    },
  };
}
