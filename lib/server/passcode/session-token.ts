import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The passcode session: `<expiry in unix seconds>.<HMAC-SHA256 of it>` in an httpOnly cookie. The
 * expiry is inside the signature, so a changed date is as invalid as a forged one, and the server
 * keeps no session table.
 */
export const SESSION_COOKIE = "studio_session";
export const SESSION_LIFETIME_S = 30 * 24 * 60 * 60;

const TOKEN = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/;
const KEY_LABEL = "seedream-studio/session-key/v1";

/**
 * The signing key. With STUDIO_SESSION_SECRET it is derived from that secret; without it, from the
 * passcode itself under a fixed label, so sessions survive restarts with no extra setting. The
 * passcode is mixed in either way: changing it signs everyone out.
 */
export function deriveSessionKey(passcode: string, secret?: string): Buffer {
  return createHmac("sha256", secret ?? passcode).update(`${KEY_LABEL}\0${passcode}`).digest();
}

export function signSession(key: Buffer, expiresAtMs: number): string {
  const expiresAtS = Math.floor(expiresAtMs / 1000);
  return `${expiresAtS}.${signature(key, expiresAtS).toString("base64url")}`;
}

/** True only for an untampered token signed with this key whose expiry is still ahead. */
export function verifySession(key: Buffer, token: string | undefined | null, nowMs: number): boolean {
  const [, expiry, signed] = (typeof token === "string" && TOKEN.exec(token)) || [];
  if (!expiry || !signed) return false;
  const expiresAtS = Number(expiry);
  // Compared as text: decoding first would let the last character's unused bits vary unnoticed.
  const expected = signature(key, expiresAtS).toString("base64url");
  if (!constantTimeEqual(Buffer.from(signed), Buffer.from(expected))) return false;
  return expiresAtS * 1000 > nowMs;
}

/** timingSafeEqual throws on different lengths; a length mismatch is simply "not equal". */
export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sessionCookieOptions(secure: boolean) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure,
    path: "/",
    maxAge: SESSION_LIFETIME_S,
  };
}

function signature(key: Buffer, expiresAtS: number): Buffer {
  return createHmac("sha256", key).update(`session\0${expiresAtS}`).digest();
}
