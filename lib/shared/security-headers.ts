/**
 * The headers every response carries. No `server-only` here: next.config.ts reads this module too,
 * for the responses the proxy never sees (built assets).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // Only features Chromium recognises: an unknown name is logged as a console error on every page.
  // The camera is the studio's own, for "Take photo"; no other origin (no frame) may ask for it.
  "Permissions-Policy":
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), display-capture=(), browsing-topics=()",
  // For browsers that predate `frame-ancestors`.
  "X-Frame-Options": "DENY",
};

/**
 * Sent only on responses the client reached over https (as the trusted X-Forwarded-Proto says):
 * a year of https-only for this host. Subdomains are left alone; they may not be the studio's.
 */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";

/** Image bytes are never a document: opened on their own, nothing in them may run or load, SVG or not. */
export const IMAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

/** The proxy's own answers (a 401, a redirect to sign in) load nothing at all. */
export const NON_PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

interface PagePolicyOptions {
  nonce: string;
  /** React rebuilds server error stacks with eval in development only; production never needs it. */
  development: boolean;
  https: boolean;
}

/**
 * The pages' policy. Scripts run only with this request's nonce (Next stamps it on its own inline
 * and bundle scripts; `strict-dynamic` lets those load their chunks). Styles allow inline because
 * React style props and the toast/dialog primitives set them. Images come from this origin or from
 * blob:/data: URLs made in the browser (tray previews).
 */
export function pageContentSecurityPolicy({ nonce, development, https }: PagePolicyOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only behind https: on plain http (local runs, the e2e servers) it would send every subresource
    // to an https port that does not exist.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** A page request's policy with a fresh 128-bit nonce; Next reads the nonce back from the request's CSP header. */
export function newPagePolicy(options: Omit<PagePolicyOptions, "nonce">): { nonce: string; policy: string } {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  return { nonce, policy: pageContentSecurityPolicy({ nonce, ...options }) };
}
