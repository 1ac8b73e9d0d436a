import "server-only";
import { createHmac } from "node:crypto";
import type { PasscodeGate } from "./gate";
import { constantTimeEqual, type Session } from "./session-token";

/**
 * Marks a passcode session as the owner's: signed in with STUDIO_OWNER_PASSCODE. The cookie holds
 * an HMAC of the session's id, so it is worth nothing beside any other session, and it ends with
 * the session it names (expiry, Sign out).
 */
export const OWNER_COOKIE = "studio_owner";

export function ownerMark(gate: PasscodeGate, session: Pick<Session, "id">): string {
  return createHmac("sha256", gate.sessionKey).update(`owner\0${session.id}`).digest("base64url");
}

export function isOwnerMark(gate: PasscodeGate, session: Session | null, mark: string | undefined): boolean {
  if (!gate.ownerPasscode || !session || !mark) return false;
  return constantTimeEqual(Buffer.from(mark), Buffer.from(ownerMark(gate, session)));
}
