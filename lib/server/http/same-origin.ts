import "server-only";

/**
 * A POST a page on another site made the browser send (a form or a fetch with the visitor's
 * cookies) carries that site's Origin. Server actions get this check from Next; route handlers
 * that change state call this one. A request with no Origin and no Fetch Metadata comes from a
 * script or a tool, not from a browser on another site, and holds only its own cookies.
 */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) return headers.get("sec-fetch-site") !== "cross-site";
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    // "null" (a sandboxed frame, a file: page) and anything unparsable are someone else's.
    return false;
  }
}
