/**
 * Fault injection by prompt tag, so e2e tests can drive every error path through real HTTP by
 * typing into the studio's prompt box: `a cat [fault:503]`. Tags are case-insensitive.
 */
export type FaultOutcome =
  | "401"
  | "403"
  | "429"
  | "429x2"
  | "500"
  | "500once"
  | "503"
  | "504"
  | "hang"
  | "safety"
  | "empty"
  | "nsfw"
  | "garbage"
  | "expired";

const OUTCOMES: readonly FaultOutcome[] = [
  "401",
  "403",
  "429",
  "429x2",
  "500",
  "500once",
  "503",
  "504",
  "hang",
  "safety",
  "empty",
  "nsfw",
  "garbage",
  "expired",
];

export interface PromptFaults {
  /** The first outcome tag wins; a prompt may combine it with any number of `slow` tags. */
  outcome: FaultOutcome | null;
  extraLatencyMs: number;
  /** Tags that name no fault. Answered with a 400 so a typo never passes as a clean call. */
  unknownTags: string[];
  /** What the engine renders: the prompt without its tags. */
  cleanPrompt: string;
}

/** The request the engine draws: its prompt without the tags. One that was nothing but tags still draws: the engine refuses an empty prompt. */
export function requestToDraw<Request extends { prompt: string }>(request: Request, faults: PromptFaults): Request {
  return { ...request, prompt: faults.cleanPrompt || "untitled" };
}

const TAG = /\[fault:([^\]]*)\]/gi;
const SLOW = /^slow:(\d{1,7})$/;

export function parseFaults(prompt: string): PromptFaults {
  let outcome: FaultOutcome | null = null;
  let extraLatencyMs = 0;
  const unknownTags: string[] = [];
  for (const match of prompt.matchAll(TAG)) {
    const name = (match[1] ?? "").trim().toLowerCase();
    const slow = SLOW.exec(name);
    if (slow) {
      extraLatencyMs += Number(slow[1]);
    } else if (isOutcome(name)) {
      outcome ??= name;
    } else {
      unknownTags.push(match[0]);
    }
  }
  const cleanPrompt = prompt.replace(TAG, " ").replace(/\s+/g, " ").trim();
  return { outcome, extraLatencyMs, unknownTags, cleanPrompt };
}

function isOutcome(name: string): name is FaultOutcome {
  return (OUTCOMES as readonly string[]).includes(name);
}

/**
 * `[fault:429x2]` answers 429 twice and then succeeds for the same call. A call is identified by
 * its X-Client-Request-Id (a client keeps it across retries), else by its prompt.
 */
export class RetryBudget {
  private readonly failuresByCall = new Map<string, number>();

  /** True while the call still has a 429 to receive; the success that follows resets the count. */
  shouldFail(callKey: string, failures: number): boolean {
    const seen = this.failuresByCall.get(callKey) ?? 0;
    if (seen < failures) {
      this.failuresByCall.set(callKey, seen + 1);
      return true;
    }
    this.failuresByCall.delete(callKey);
    return false;
  }

  private readonly seenOnce = new Set<string>();

  /**
   * `[fault:500once]`: true for the first call with this prompt only, so a generation of several
   * calls (N images on a one-image model) fails exactly one of them.
   */
  firstTime(promptKey: string): boolean {
    if (this.seenOnce.has(promptKey)) return false;
    this.seenOnce.add(promptKey);
    return true;
  }
}
