import "server-only";
import { env } from "@/lib/server/env";
import { deriveSessionKey, verifySession } from "./session-token";

export interface PasscodeGate {
  passcode: string;
  sessionKey: Buffer;
}

let cached: PasscodeGate | null | undefined;

/** This deployment's gate, or null when STUDIO_PASSCODE is unset and the studio is open. */
export function passcodeGate(): PasscodeGate | null {
  if (cached !== undefined) return cached;
  const { STUDIO_PASSCODE, STUDIO_SESSION_SECRET } = env();
  cached = STUDIO_PASSCODE
    ? { passcode: STUDIO_PASSCODE, sessionKey: deriveSessionKey(STUDIO_PASSCODE, STUDIO_SESSION_SECRET) }
    : null;
  return cached;
}

/** Open studios need no session; gated ones need an untampered, unexpired session cookie. */
export function isSignedIn(gate: PasscodeGate | null, sessionCookie: string | undefined): boolean {
  return gate === null || verifySession(gate.sessionKey, sessionCookie, Date.now());
}

/** A server module reached without a session; the proxy answers 401 long before this can happen. */
export class SignedOutError extends Error {
  constructor() {
    super("This request has no passcode session.");
    this.name = "SignedOutError";
  }
}
