import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { constantTimeEqual } from "./session-token";

// A key of this process only: the digests are never stored or sent, they just make both sides equal-length.
const COMPARE_KEY = randomBytes(32);

/**
 * Compares a typed passcode with the real one in constant time. Both are HMAC'd first, so the
 * buffers compared always have the same length and the time taken reveals neither how long the
 * passcode is nor how much of a guess was right.
 */
export function passcodeMatches(given: string, expected: string): boolean {
  return constantTimeEqual(digest(given), digest(expected));
}

function digest(value: string): Buffer {
  return createHmac("sha256", COMPARE_KEY).update(value, "utf8").digest();
}
