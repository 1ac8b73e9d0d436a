import { NextResponse, type NextRequest } from "next/server";
import { isVisitorId, newVisitorId, VISITOR_COOKIE, visitorCookieOptions } from "@/lib/visitor-id";

/**
 * Gives every new visitor an id on the first request, before any page renders: server components
 * cannot set cookies, and the first render already needs to know whose gallery to show.
 */
export function proxy(request: NextRequest) {
  if (isVisitorId(request.cookies.get(VISITOR_COOKIE)?.value)) return NextResponse.next();

  const visitorId = newVisitorId();
  request.cookies.set(VISITOR_COOKIE, visitorId);
  const response = NextResponse.next({ request: { headers: request.headers } });
  // Behind a TLS-terminating proxy the request arrives as http; the forwarded header tells the truth.
  const secure = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  response.cookies.set(VISITOR_COOKIE, visitorId, visitorCookieOptions(secure));
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
