import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    tsconfigPaths: true,
    // `server-only` throws outside React Server Components; unit tests run plain Node.
    alias: { "server-only": fileURLToPath(new URL("./tests/support/server-only.ts", import.meta.url)) },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    // One real PostgreSQL and one S3-protocol server for the whole run, for the stores that use them.
    globalSetup: ["tests/support/engines/global-setup.ts"],
    environment: "node",
    testTimeout: 20_000,
  },
});
