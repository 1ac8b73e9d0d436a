import "server-only";
/**
 * The anonymous visitor: a random 128-bit id in an httpOnly cookie. Every record is scoped by it, so
 * it is the only thing that separates one person's images from another's on a shared link.
 */
export const VISITOR_COOKIE = "studio_visitor";
/** Browsers cap cookie lifetimes at 400 days. */
const VISITOR_COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;

const VISITOR_ID = /^[A-Za-z0-9_-]{22}$/;

export function newVisitorId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Buffer.from(bytes).toString("base64url");
}

export function isVisitorId(value: string | undefined | null): value is string {
  return typeof value === "string" && VISITOR_ID.test(value);
}

export function visitorCookieOptions(secure: boolean) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure,
    path: "/",
    maxAge: VISITOR_COOKIE_MAX_AGE_S,
  };
}
