import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
import { MULTI_PROCESS_SUITES } from "./tests/support/multi-process-suites";

export default defineConfig({
  resolve: {
    tsconfigPaths: true,
    // `server-only` throws outside React Server Components; unit tests run plain Node.
    alias: { "server-only": fileURLToPath(new URL("./tests/support/server-only.ts", import.meta.url)) },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...MULTI_PROCESS_SUITES],
    // One real PostgreSQL and one S3-protocol server for the whole run, for the stores that use them.
    globalSetup: ["tests/support/engines/global-setup.ts"],
    environment: "node",
    testTimeout: 20_000,
  },
});
