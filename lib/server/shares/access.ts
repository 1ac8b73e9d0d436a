import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/server/env";
import { isSignedIn, passcodeGate } from "@/lib/server/passcode/gate";
import { SESSION_COOKIE } from "@/lib/server/passcode/session-token";

/** Share pages and their images and events all live under this path. */
export function isSharePath(pathname: string): boolean {
  return pathname.startsWith("/s/");
}

/**
 * Whether share links open without the passcode: always on an open studio; on a gated one only
 * when STUDIO_SHARE_LINKS_SKIP_PASSCODE says so (off by default, so a gated studio stays closed).
 */
export function shareLinksSkipPasscode(): boolean {
  return passcodeGate() === null || env().STUDIO_SHARE_LINKS_SKIP_PASSCODE;
}

/**
 * The proxy already sends a signed-out reader of a gated studio to sign in; checked again where the
 * share is read, so no other way in (a prefetch, a forwarded call) reaches the store.
 */
export async function mayReadShares(): Promise<boolean> {
  if (shareLinksSkipPasscode()) return true;
  return isSignedIn(passcodeGate(), (await cookies()).get(SESSION_COOKIE)?.value);
}
