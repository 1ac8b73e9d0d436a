import "server-only";
import { z } from "zod";
import { clientIpFrom, clientNetwork } from "@/lib/server/http/client-ip";
import { UNKNOWN_CLIENT_IP } from "@/lib/server/quotas";
import { passcodeMatches } from "./compare";
import type { PasscodeGate } from "./gate";
import { safeNextPath } from "./next-path";
import { SESSION_LIFETIME_S, signSession } from "./session-token";
import { studio } from "@/lib/server/studio";
import { SignInThrottle, type SignInCounts } from "./throttle";

export const WRONG_PASSCODE = "That passcode is not right.";
export const TRY_UNDER_WAY = "Another sign-in from here is still being checked; wait for it, then try again.";
const MISSING_PASSCODE = "Enter the passcode.";

export const signInForm = z.object({
  passcode: z.string({ error: MISSING_PASSCODE }).min(1, MISSING_PASSCODE).max(1024, WRONG_PASSCODE),
  next: z.unknown().transform(safeNextPath),
});

interface SignInError {
  code: "wrong_passcode" | "invalid_input" | "try_under_way";
  message: string;
}

/** What the sign-in form shows: nothing yet, or the one sentence of the last failed try. */
export interface SignInState {
  error: SignInError | null;
}

type SignInResult = { ok: true; session: string; owner: boolean } | { ok: false; error: SignInError };

/**
 * Who is guessing: the client's address (the last x-forwarded-for hop, which the server in front of
 * Next has set from STUDIO_TRUSTED_PROXIES; an IPv6 one by its /64) and the visitor.
 */
export function guesserKeys(forwardedFor: string | null, visitorId: string | null): string[] {
  const ip = clientIpFrom(new Headers(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}));
  return [ip === UNKNOWN_CLIENT_IP ? "ip:unknown" : `ip:${clientNetwork(ip)}`, ...(visitorId ? [`visitor:${visitorId}`] : [])];
}

export interface PasscodeCheckDeps {
  throttle: SignInThrottle;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** The studio's store, opened on first use: the counts every instance shares. */
const storeCounts: SignInCounts = {
  begin: async (keys, window) => (await studio()).store.signIns.begin(keys, window),
  forgive: async (keys) => (await studio()).store.signIns.forgive(keys),
  wrongTries: async (key, window) => (await studio()).store.signIns.wrongTries(key, window),
};

const defaultDeps: PasscodeCheckDeps = {
  throttle: new SignInThrottle(storeCounts),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
};

/**
 * Waits out the delay earned by earlier wrong tries, then compares in constant time. Even a right
 * passcode waits, so the wait says nothing about the guess; a right one clears the slate. A try
 * from an address or visitor with one already under way is refused without being checked.
 */
export async function checkPasscode(
  gate: PasscodeGate,
  passcode: string,
  keys: readonly string[],
  deps: PasscodeCheckDeps = defaultDeps,
): Promise<SignInResult> {
  if (!deps.throttle.claim(keys)) return { ok: false, error: { code: "try_under_way", message: TRY_UNDER_WAY } };
  try {
    const wait = await deps.throttle.begin(keys);
    if (wait > 0) await deps.sleep(wait);
    // Both compared every time, so the time taken does not tell which one a guess was near.
    const visitor = passcodeMatches(passcode, gate.passcode);
    const owner = passcodeMatches(passcode, gate.ownerPasscode ?? gate.passcode) && gate.ownerPasscode !== undefined;
    if (!visitor && !owner) {
      return { ok: false, error: { code: "wrong_passcode", message: WRONG_PASSCODE } };
    }
    await deps.throttle.forgive(keys);
    return { ok: true, owner, session: signSession(gate.sessionKey, deps.now() + SESSION_LIFETIME_S * 1000) };
  } finally {
    deps.throttle.release(keys);
  }
}
