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
      // The only large body: uploadImages takes ten images of up to 25 MB each, plus the form's own
      // fields. Every other action takes a few ids or settings, and every action parses with zod.
      bodySizeLimit: "260mb",
    },
    // The proxy sees every action POST, and Next buffers a proxied body only up to this size: below
    // the actions' limit, a large upload would arrive cut short instead of whole.
    proxyClientMaxBodySize: "260mb",
  },
};

export default nextConfig;
