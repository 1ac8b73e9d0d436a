import "server-only";
import { z } from "zod";
import { clientIpFrom, clientNetwork } from "@/lib/server/http/client-ip";
import { UNKNOWN_CLIENT_IP } from "@/lib/server/quotas";
import { passcodeMatches } from "./compare";
import type { PasscodeGate } from "./gate";
import { safeNextPath } from "./next-path";
import { SESSION_LIFETIME_S, signSession } from "./session-token";
import { SignInThrottle } from "./throttle";

export const WRONG_PASSCODE = "That passcode is not right.";
const MISSING_PASSCODE = "Enter the passcode.";

export const signInForm = z.object({
  passcode: z.string({ error: MISSING_PASSCODE }).min(1, MISSING_PASSCODE).max(1024, WRONG_PASSCODE),
  next: z.unknown().transform(safeNextPath),
});

interface SignInError {
  code: "wrong_passcode" | "invalid_input";
  message: string;
}

/** What the sign-in form shows: nothing yet, or the one sentence of the last failed try. */
export interface SignInState {
  error: SignInError | null;
}

type SignInResult = { ok: true; session: string } | { ok: false; error: SignInError };

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

const defaultDeps: PasscodeCheckDeps = {
  throttle: new SignInThrottle(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
};

/**
 * Waits out the delay earned by earlier wrong tries, then compares in constant time. Even a right
 * passcode waits, so the wait says nothing about the guess; a right one clears the slate.
 */
export async function checkPasscode(
  gate: PasscodeGate,
  passcode: string,
  keys: readonly string[],
  deps: PasscodeCheckDeps = defaultDeps,
): Promise<SignInResult> {
  const wait = deps.throttle.begin(keys);
  if (wait > 0) await deps.sleep(wait);
  if (!passcodeMatches(passcode, gate.passcode)) {
    return { ok: false, error: { code: "wrong_passcode", message: WRONG_PASSCODE } };
  }
  deps.throttle.forgive(keys);
  return { ok: true, session: signSession(gate.sessionKey, deps.now() + SESSION_LIFETIME_S * 1000) };
}
