import "server-only";
/**
 * Who may pass the gate. Pages send the browser to sign in; server actions and API routes answer
 * 401, because a redirect there would hand a script an HTML page where it expects data.
 */
export const SIGN_IN_PATH = "/sign-in";

export type Access = "pass" | "sign-in" | "unauthorized";

interface AccessRequest {
  method: string;
  pathname: string;
  /** A server action call: a POST carrying the `Next-Action` header. */
  isServerAction: boolean;
}

/**
 * What a phone's home screen and a link preview fetch without a session: the web app manifest, the
 * icons and the preview image (all in public/, none with anything private in it). Nothing else.
 */
export const PUBLIC_WITHOUT_SESSION: ReadonlySet<string> = new Set([
  "/manifest.webmanifest",
  "/icon.svg",
  "/icon-192.png",
  "/icon-512.png",
  "/icon-maskable-512.png",
  "/apple-touch-icon.png",
  "/favicon-32.png",
  "/og-image.png",
]);

export function decideAccess(request: AccessRequest, signedIn: boolean): Access {
  if (signedIn) return "pass";
  if ((request.method === "GET" || request.method === "HEAD") && !request.isServerAction && PUBLIC_WITHOUT_SESSION.has(request.pathname)) {
    return "pass";
  }
  // The sign-in page and its own action (see NOT_FORWARDED for other actions posted here).
  if (request.pathname === SIGN_IN_PATH) return "pass";
  if (request.isServerAction || request.pathname === "/api" || request.pathname.startsWith("/api/")) return "unauthorized";
  if (request.method === "GET" || request.method === "HEAD") return "sign-in";
  return "unauthorized";
}

/**
 * Next runs an action posted to a page that lacks it by forwarding the call, over HTTP, to a page that
 * has it. Posted to the public sign-in page without a session, that second request meets the gate and
 * gets a 401, but the first one's body is cut off mid-upload and Next logs an uncaught "aborted"
 * error for each such call. Marked as already forwarded (Next's own request header), the call is
 * answered "Server Action unavailable" at once, unless it is the sign-in page's own action. Should
 * Next rename the header, the forwarded call still meets the gate, and lib/server/session.ts checks again.
 */
export const NOT_FORWARDED: readonly [name: string, value: string] = ["x-action-forwarded", "1"];
