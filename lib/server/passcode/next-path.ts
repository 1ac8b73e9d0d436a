import "server-only";
import { SIGN_IN_PATH } from "./access";

const BASE = "http://studio.invalid";

/**
 * Where to go after signing in: a path on this site, or the studio. Anything that would leave the
 * origin (`//evil.example`, `/\evil.example`, `https://…`, `javascript:`) becomes "/".
 */
export function safeNextPath(raw: unknown): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  // Control characters would let a browser read the path differently from us.
  if (/[\u0000-\u001f\u007f]/.test(raw)) return "/";
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE || url.pathname === SIGN_IN_PATH) return "/";
  // Judged after normalising: dot segments, `%2e` and backslashes can turn `/./\host` into `//host`,
  // which a browser reads as another site.
  if (url.pathname.startsWith("//")) return "/";
  return `${url.pathname}${url.search}`;
}

/** The sign-in page's address for a request that needs a session; the studio itself needs no `next`. */
export function signInLocation(pathname: string, search: string): string {
  const next = safeNextPath(`${pathname}${search}`);
  return next === "/" ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}`;
}
