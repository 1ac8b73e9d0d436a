import "server-only";
/**
 * Slows down guessing: each wrong passcode adds a second to the wait before the next try is even
 * checked (0 s, 1 s, 2 s … capped at 30 s), per IP and per visitor, forgotten after 15 quiet minutes
 * or on a right passcode.
 *
 * Kept in memory on purpose: the studio is one Node process (its store is a local SQLite file), so
 * there is no second instance to share counts with; a restart forgets them, but an attacker cannot
 * cause one, and with a passcode of 8 or more characters a few free tries per restart change nothing.
 */
const DELAY_STEP_MS = 1_000;
export const DELAY_MAX_MS = 30_000;
export const FORGET_AFTER_MS = 15 * 60_000;
const MAX_ENTRIES = 10_000;

/** The wait before a try, given how many wrong ones came before it. */
export function signInDelayMs(wrongTries: number): number {
  return Math.min(Math.max(0, wrongTries) * DELAY_STEP_MS, DELAY_MAX_MS);
}

interface Entry {
  wrongTries: number;
  lastTryAt: number;
}

export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Starts a try for these keys and returns how long to wait before checking it. The try counts as
   * wrong from this moment, so tries sent in parallel queue up behind each other instead of all
   * waiting the same short time; `forgive` undoes it when the passcode was right.
   */
  begin(keys: readonly string[]): number {
    const now = this.now();
    const wrongTries = Math.max(0, ...keys.map((key) => this.live(key, now)?.wrongTries ?? 0));
    for (const key of keys) this.touch(key, wrongTries + 1, now);
    this.prune();
    return signInDelayMs(wrongTries);
  }

  forgive(keys: readonly string[]): void {
    for (const key of keys) this.entries.delete(key);
  }

  /** Wrong tries on record for a key, for tests and logs. */
  wrongTries(key: string): number {
    return this.live(key, this.now())?.wrongTries ?? 0;
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.lastTryAt >= FORGET_AFTER_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Re-inserts, so the map's order stays oldest-first for pruning. */
  private touch(key: string, wrongTries: number, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { wrongTries, lastTryAt: now });
  }

  /** Bounded memory whatever a flood of addresses does: the map is oldest-first, so stale entries go first. */
  private prune(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) return;
      this.entries.delete(key);
    }
  }
}
