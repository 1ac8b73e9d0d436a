import "server-only";
import { env } from "@/lib/server/env";
import { isRevoked } from "./revoked-sessions";
import { sessionSecret } from "./session-secret";
import { deriveSessionKey, readSession, type Session } from "./session-token";

export interface PasscodeGate {
  passcode: string;
  /** Signs in like the passcode, and marks the session as the owner's (owner.ts). */
  ownerPasscode?: string;
  sessionKey: Buffer;
}

let cached: PasscodeGate | null | undefined;

/** This deployment's gate, or null when STUDIO_PASSCODE is unset and the studio is open. */
export function passcodeGate(): PasscodeGate | null {
  if (cached !== undefined) return cached;
  const { STUDIO_PASSCODE, STUDIO_OWNER_PASSCODE, STUDIO_SESSION_SECRET, STUDIO_DATA_DIR } = env();
  cached = STUDIO_PASSCODE
    ? {
        passcode: STUDIO_PASSCODE,
        ownerPasscode: STUDIO_OWNER_PASSCODE,
        sessionKey: deriveSessionKey(STUDIO_PASSCODE, sessionSecret(STUDIO_SESSION_SECRET, STUDIO_DATA_DIR)),
      }
    : null;
  return cached;
}

/** Open studios need no session; gated ones need an untampered, unexpired, not signed-out session cookie. */
export function isSignedIn(gate: PasscodeGate | null, sessionCookie: string | undefined): boolean {
  return gate === null || liveSession(gate, sessionCookie) !== null;
}

export function liveSession(gate: PasscodeGate, sessionCookie: string | undefined, now = Date.now()): Session | null {
  const session = readSession(gate.sessionKey, sessionCookie, now);
  return session && !isRevoked(session.id) ? session : null;
}

/** A server module reached without a session; the proxy answers 401 long before this can happen. */
export class SignedOutError extends Error {
  constructor() {
    super("This request has no passcode session.");
    this.name = "SignedOutError";
  }
}
