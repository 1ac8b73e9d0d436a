import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native modules (sharp, libsql) load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["sharp", "@libsql/client", "libsql"],
  poweredByHeader: false,
  experimental: {
    serverActions: {
      // Ten uploads of up to 25 MB each, plus the form's own fields.
      bodySizeLimit: "260mb",
    },
  },
};

export default nextConfig;
