import "server-only";
import { cookies, headers } from "next/headers";
import { isSignedIn, passcodeGate, SignedOutError } from "@/lib/server/passcode/gate";
import { SESSION_COOKIE } from "@/lib/server/passcode/session-token";
import { isVisitorId, newVisitorId, VISITOR_COOKIE, visitorCookieOptions } from "@/lib/server/visitor-id";

/**
 * The visitor behind this request. The proxy sets the cookie on every page request; a server action
 * or route reached without one (cookies cleared in another tab) gets a fresh id here.
 */
export async function currentVisitorId(): Promise<string> {
  if (!(await hasSession())) throw new SignedOutError();
  const jar = await cookies();
  const existing = jar.get(VISITOR_COOKIE)?.value;
  if (isVisitorId(existing)) return existing;

  const visitorId = newVisitorId();
  const secure = (await headers()).get("x-forwarded-proto") === "https";
  jar.set(VISITOR_COOKIE, visitorId, visitorCookieOptions(secure));
  return visitorId;
}

/** For server components, which may read but not set cookies. */
export async function knownVisitorId(): Promise<string | null> {
  if (!(await hasSession())) return null;
  const value = (await cookies()).get(VISITOR_COOKIE)?.value;
  return isVisitorId(value) ? value : null;
}

/**
 * With STUDIO_PASSCODE set, a visitor exists only inside a passcode session. The proxy already turns
 * everyone else away; checking again here keeps every store read behind the gate even if a request
 * reaches a server action some other way (say, an action id posted to the public sign-in page).
 */
export async function hasSession(): Promise<boolean> {
  const gate = passcodeGate();
  if (!gate) return true;
  return isSignedIn(gate, (await cookies()).get(SESSION_COOKIE)?.value);
}
