import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/shared/security-headers";
import { ROBOTS_HEADER } from "./lib/shared/robots";

const nextConfig: NextConfig = {
  // Native modules (sharp, libsql) load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["sharp", "@libsql/client", "libsql"],
  poweredByHeader: false,
  // A second build beside the usual one (benchmarks, parallel checks) without touching `.next`.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // The proxy sets these (and the CSP) on everything it sees; this covers what it skips (built assets).
  async headers() {
    const headers = { ...SECURITY_HEADERS, ...Object.fromEntries([ROBOTS_HEADER]) };
    return [{ source: "/:path*", headers: Object.entries(headers).map(([key, value]) => ({ key, value })) }];
  },
  experimental: {
    serverActions: {
      // Actions take a few ids or a form's settings (a 4,000-character prompt at most), every one
      // parsed with zod. Images stream to POST /api/uploads, which has its own limit and skips the proxy.
      bodySizeLimit: "1mb",
    },
    // The proxy sees every action POST, and Next buffers a proxied body only up to this size: kept at
    // the actions' limit, so an action's body is never cut short before the action refuses it whole.
    proxyClientMaxBodySize: "1mb",
  },
};

export default nextConfig;
