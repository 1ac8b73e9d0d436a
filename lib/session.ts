import "server-only";
import { cookies, headers } from "next/headers";
import { isVisitorId, newVisitorId, VISITOR_COOKIE, visitorCookieOptions } from "@/lib/visitor-id";

/**
 * The visitor behind this request. The proxy sets the cookie on every page request; a server action
 * or route reached without one (cookies cleared in another tab) gets a fresh id here.
 */
export async function currentVisitorId(): Promise<string> {
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
  const value = (await cookies()).get(VISITOR_COOKIE)?.value;
  return isVisitorId(value) ? value : null;
}
