import "server-only";
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";

/**
 * The passcode session: `<expiry in unix seconds><session id, 16 digits>.<HMAC-SHA256 of both>` in
 * an httpOnly cookie. The expiry is inside the signature, so a changed date is as invalid as a
 * forged one; the id lets Sign out revoke this one session (revoked-sessions.ts) while the server
 * keeps no table of live ones.
 */
export const SESSION_COOKIE = "studio_session";
export const SESSION_LIFETIME_S = 30 * 24 * 60 * 60;

const ID_DIGITS = 16;
const TOKEN = /^(\d{1,12})(\d{16})\.([A-Za-z0-9_-]{43})$/;
const KEY_LABEL = "seedream-studio/session-key/v1";

export interface Session {
  id: string;
  expiresAtMs: number;
}

/**
 * The signing key, from the session secret (STUDIO_SESSION_SECRET, or the one the studio made and
 * keeps in its data dir: session-secret.ts) and the passcode. With no secret it is derived from the
 * passcode alone, which tests use; the server always has one, so a stolen cookie cannot be used to
 * guess the passcode offline. The passcode is mixed in either way: changing it signs everyone out.
 */
export function deriveSessionKey(passcode: string, secret?: string): Buffer {
  return createHmac("sha256", secret ?? passcode).update(`${KEY_LABEL}\0${passcode}`).digest();
}

export function newSessionId(): string {
  // Two halves: randomInt covers at most 2^48 values at a time.
  return `${randomInt(10 ** 8)}`.padStart(8, "0") + `${randomInt(10 ** 8)}`.padStart(8, "0");
}

export function signSession(key: Buffer, expiresAtMs: number, id: string = newSessionId()): string {
  const expiresAtS = Math.floor(expiresAtMs / 1000);
  return `${expiresAtS}${id}.${signature(key, expiresAtS, id).toString("base64url")}`;
}

/** The session an untampered token signed with this key names, if its expiry is still ahead. */
export function readSession(key: Buffer, token: string | undefined | null, nowMs: number): Session | null {
  const [, expiry, id, signed] = (typeof token === "string" && TOKEN.exec(token)) || [];
  if (!expiry || !id || id.length !== ID_DIGITS || !signed) return null;
  const expiresAtS = Number(expiry);
  // Compared as text: decoding first would let the last character's unused bits vary unnoticed.
  const expected = signature(key, expiresAtS, id).toString("base64url");
  if (!constantTimeEqual(Buffer.from(signed), Buffer.from(expected))) return null;
  return expiresAtS * 1000 > nowMs ? { id, expiresAtMs: expiresAtS * 1000 } : null;
}

/** True only for an untampered token signed with this key whose expiry is still ahead. */
export function verifySession(key: Buffer, token: string | undefined | null, nowMs: number): boolean {
  return readSession(key, token, nowMs) !== null;
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

function signature(key: Buffer, expiresAtS: number, id: string): Buffer {
  return createHmac("sha256", key).update(`session\0${expiresAtS}\0${id}`).digest();
}
