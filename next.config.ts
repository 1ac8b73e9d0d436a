import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native modules (sharp, libsql) load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["sharp", "@libsql/client", "libsql"],
  poweredByHeader: false,
  // A second build beside the usual one (benchmarks, parallel checks) without touching `.next`.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  experimental: {
    serverActions: {
      // Ten uploads of up to 25 MB each, plus the form's own fields.
      bodySizeLimit: "260mb",
    },
  },
};

export default nextConfig;
