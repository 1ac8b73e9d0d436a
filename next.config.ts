import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // sharp is a native module: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ["sharp"],
  poweredByHeader: false,
};

export default nextConfig;
