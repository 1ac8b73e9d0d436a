import { NextResponse, type NextRequest } from "next/server";
import { decideAccess, NOT_FORWARDED, type Access } from "@/lib/server/passcode/access";
import { isSignedIn, passcodeGate } from "@/lib/server/passcode/gate";
import { signInLocation } from "@/lib/server/passcode/next-path";
import { SESSION_COOKIE } from "@/lib/server/passcode/session-token";
import {
  NON_PAGE_CONTENT_SECURITY_POLICY,
  newPagePolicy,
  SECURITY_HEADERS,
  STRICT_TRANSPORT_SECURITY,
} from "@/lib/shared/security-headers";
import { readBounded } from "@/lib/shared/read-bounded";
import { isVisitorId, newVisitorId, VISITOR_COOKIE, visitorCookieOptions } from "@/lib/server/visitor-id";
import { isSharePath, shareLinksSkipPasscode } from "@/lib/server/shares/access";
import { ROBOTS_HEADER } from "@/lib/shared/robots";

/**
 * Runs before every page, server action and API route:
 * 1. the passcode gate, when STUDIO_PASSCODE is set (lib/server/passcode/);
 * 2. a CSP nonce per page request, handed to Next on the request so it stamps its own scripts;
 * 3. a visitor id on the first request, before any page renders: server components cannot set
 *    cookies, and the first render already needs to know whose gallery to show;
 * 4. the security headers (lib/shared/security-headers.ts), with HSTS when the client came over https.
 *
 * Share links (/s/<token>, their images and events) are read by people who are not visitors: they
 * get no visitor cookie, nothing of theirs is cached (`no-store`), and on a gated studio they pass
 * the gate only when STUDIO_SHARE_LINKS_SKIP_PASSCODE is on.
 *
 * `npm start` (server/main.ts) has already set X-Forwarded-For and X-Forwarded-Proto from the socket
 * and STUDIO_TRUSTED_PROXIES, so the scheme read here is not one the client merely claimed.
 */
/** Action arguments other than uploads are ids and settings: a JSON array far below this. */
export const ACTION_TEXT_BODY_MAX_BYTES = 1024 * 1024;

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // Behind a TLS-terminating proxy the request arrives as http; the forwarded header tells the truth.
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";

  const isServerAction = request.method === "POST" && request.headers.has("next-action");
  if (isServerAction && isForeignOrigin(request)) return plainAnswer(403, "Requests from another site are not accepted.", https);
  const signedIn = isSignedIn(passcodeGate(), request.cookies.get(SESSION_COOKIE)?.value);
  const share = isSharePath(pathname) && !isServerAction;
  const access = share && shareLinksSkipPasscode() ? "pass" : decideAccess({ method: request.method, pathname, isServerAction }, signedIn);
  if (access !== "pass") return refused(access, request, https);
  if (isServerAction && !signedIn) request.headers.set(...NOT_FORWARDED);
  if (isServerAction) {
    const body = await actionBodyCheck(request);
    if (body === "too-large") return plainAnswer(413, "That request is too large.", https);
    if (body === "unreadable") return plainAnswer(400, "That request could not be read.", https);
  }

  // Route handlers under /api and a share link's images and events set their own, stricter policy.
  const page = pathname.startsWith("/api/") || SHARE_RESOURCE.test(pathname)
    ? null
    : newPagePolicy({ development: process.env.NODE_ENV === "development", https });
  if (page) {
    request.headers.set("Content-Security-Policy", page.policy);
    request.headers.set("x-nonce", page.nonce);
  }

  // Files (the icon, the manifest) need no visitor either: a share page's icon must not mint one.
  const needsVisitor = !share && !FILE_PATH.test(pathname);
  const visitorId = !needsVisitor || isVisitorId(request.cookies.get(VISITOR_COOKIE)?.value) ? null : newVisitorId();
  if (visitorId) request.cookies.set(VISITOR_COOKIE, visitorId);
  const response = NextResponse.next({ request: { headers: request.headers } });
  if (visitorId) response.cookies.set(VISITOR_COOKIE, visitorId, visitorCookieOptions(https));
  if (page) response.headers.set("Content-Security-Policy", page.policy);
  // The share page itself; its images and event stream say the same in their own headers.
  if (share && page) response.headers.set("Cache-Control", "no-store");
  return withSecurityHeaders(response, https);
}

/** A path that names a file by its extension (`/icon.svg`); pages, actions and routes have none. */
const FILE_PATH = /\.[A-Za-z0-9]{1,12}$/;

/** A share link's images and event stream, under /s/<token>/: route handlers, not pages. */
const SHARE_RESOURCE = /^\/s\/[^/]+\/./;

/** Pages send the browser to sign in; actions and API routes get a 401 with no data in it. */
function refused(access: Exclude<Access, "pass">, request: NextRequest, https: boolean): NextResponse {
  const { pathname, search } = request.nextUrl;
  const response =
    access === "sign-in"
      ? NextResponse.redirect(new URL(signInLocation(pathname, search), request.url))
      : new NextResponse("Sign in first.", { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  response.headers.set("Content-Security-Policy", NON_PAGE_CONTENT_SECURITY_POLICY);
  return withSecurityHeaders(response, https);
}

/**
 * Next refuses an action whose Origin is not this host by throwing, which answers 500; a call from
 * another site is the caller's fault, and says so. A request without Origin (not a browser) passes.
 */
function isForeignOrigin(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/**
 * An action's arguments arrive as a JSON array (text) or as multipart form data. Next's own
 * decoder answers 500 to anything else; refusing it here makes it the client error it is. The
 * text is judged by its declared length before any of it is read.
 */
async function actionBodyCheck(request: NextRequest): Promise<"ok" | "too-large" | "unreadable"> {
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) return "ok";
  if (Number(request.headers.get("content-length") ?? 0) > ACTION_TEXT_BODY_MAX_BYTES) return "too-large";
  const text = await boundedText(request.clone(), ACTION_TEXT_BODY_MAX_BYTES);
  if (text === null) return "too-large";
  try {
    return Array.isArray(JSON.parse(text)) ? "ok" : "unreadable";
  } catch {
    return "unreadable";
  }
}

/** The body as text, or null as soon as it passes `maxBytes` (a body sent without a declared length). */
async function boundedText(request: Request, maxBytes: number): Promise<string | null> {
  if (!request.body) return "";
  const bytes = await readBounded(request.body, maxBytes);
  return bytes && new TextDecoder().decode(bytes);
}

function plainAnswer(status: number, message: string, https: boolean): NextResponse {
  const response = new NextResponse(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  response.headers.set("Content-Security-Policy", NON_PAGE_CONTENT_SECURITY_POLICY);
  return withSecurityHeaders(response, https);
}

function withSecurityHeaders(response: NextResponse, https: boolean): NextResponse {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  response.headers.set(...ROBOTS_HEADER);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

/**
 * Everything but built assets and the upload route. Next hands a proxy a copy of every request body
 * it sees, buffered in memory (up to `proxyClientMaxBodySize`, cut short beyond it); uploads of up to
 * 250 MB stream straight to app/api/uploads/route.ts instead, which applies the gate, the origin
 * check and the headers itself. Nothing else may live under /api/uploads for that reason.
 */
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/uploads$).*)"],
};
