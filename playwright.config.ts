import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "./e2e/support/chromium";

/**
 * Five studio servers from one build, all on loopback: one talks to the fake AI/ML API (a strict
 * double of the real wire protocol), one has no key and runs the offline engine, one talks to the
 * fake behind a passcode, one talks to the fake with a quota of two images an hour, and one talks
 * to the fake with its records in PostgreSQL and its bytes in S3 (that one a deployment of two
 * instances and a worker sharing them).
 */
// E2E_PORT_OFFSET moves every server, so two suites (say, against two builds) can run side by side.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
const FAKE_PORT = 4010 + offset;
const API_APP_PORT = 3100 + offset;
const OFFLINE_APP_PORT = 3101 + offset;
const PASSCODE_APP_PORT = 3102 + offset;
const QUOTA_APP_PORT = 3103 + offset;
const SHARED_APP_PORT = 3104 + offset;
/** A second instance of the PostgreSQL deployment, which records jobs and runs none (a worker runs them). */
const SHARED_SECOND_APP_PORT = 3105 + offset;
const FAKE_ORIGIN = `http://127.0.0.1:${FAKE_PORT}`;

const appServer = (port: number, env: Record<string, string>) => ({
  command: `bash e2e/support/serve-app.sh ${port}`,
  url: `http://127.0.0.1:${port}`,
  reuseExistingServer: false,
  timeout: 240_000,
  // Each server keeps its own store, emptied at start, so runs never see each other's images.
  // Quotas are off except where a spec tests them: every spec comes from one IP, 127.0.0.1.
  env: {
    NEXT_TELEMETRY_DISABLED: "1",
    AIMLAPI_TIMEOUT_MS: "20000",
    STUDIO_DATA_DIR: `.e2e-data/${port}`,
    STUDIO_RATE_LIMIT: "off",
    STUDIO_DAILY_IMAGE_LIMIT: "off",
    ...env,
  },
  stdout: "ignore" as const,
  stderr: "pipe" as const,
});

export default defineConfig({
  testDir: "./e2e",
  outputDir: offset ? `test-results-${offset}` : "test-results",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    {
      name: "aimlapi",
      testIgnore: ["**/offline-*.spec.ts", "**/passcode-*.spec.ts", "**/quota-*.spec.ts", "**/scale-out.spec.ts", "**/server-shutdown.spec.ts"],
      use: { baseURL: `http://127.0.0.1:${API_APP_PORT}` },
    },
    {
      name: "offline",
      testMatch: "**/offline-*.spec.ts",
      use: { baseURL: `http://127.0.0.1:${OFFLINE_APP_PORT}` },
    },
    {
      name: "passcode",
      testMatch: "**/passcode-*.spec.ts",
      use: { baseURL: `http://127.0.0.1:${PASSCODE_APP_PORT}` },
    },
    {
      // The core journeys, boards and share links again, on PostgreSQL + S3 (real servers on loopback) instead of SQLite + disk.
      name: "postgres-s3",
      testMatch: [
        "**/generate.spec.ts",
        "**/refine.spec.ts",
        "**/persistence.spec.ts",
        "**/visitors.spec.ts",
        "**/health.spec.ts",
        "**/scale-out.spec.ts",
        "**/share-links.spec.ts",
        "**/boards.spec.ts",
        // Spawns a server of its own from the build, on a PostgreSQL of its own, and stops it.
        "**/server-shutdown.spec.ts",
      ],
      use: { baseURL: `http://127.0.0.1:${SHARED_APP_PORT}` },
    },
    {
      name: "quota",
      testMatch: "**/quota-*.spec.ts",
      use: { baseURL: `http://127.0.0.1:${QUOTA_APP_PORT}` },
    },
  ],
  webServer: [
    {
      command: "npx --no-install tsx --conditions=react-server e2e/fake-api/main.ts",
      url: `${FAKE_ORIGIN}/__fake/requests`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { FAKE_AIMLAPI_PORT: String(FAKE_PORT), FAKE_AIMLAPI_KEY: "e2e-test-key", FAKE_AIMLAPI_LATENCY_MS: "300" },
      stdout: "ignore",
      stderr: "pipe",
    },
    appServer(API_APP_PORT, { AIMLAPI_KEY: "e2e-test-key", AIMLAPI_BASE_URL: `${FAKE_ORIGIN}/v1` }),
    appServer(OFFLINE_APP_PORT, { AIMLAPI_KEY: "", STUDIO_ENGINE: "auto" }),
    appServer(PASSCODE_APP_PORT, {
      AIMLAPI_KEY: "e2e-test-key",
      AIMLAPI_BASE_URL: `${FAKE_ORIGIN}/v1`,
      STUDIO_PASSCODE: "e2e-passcode-123",
      STUDIO_OWNER_PASSCODE: "e2e-owner-passcode-456",
    }),
    appServer(QUOTA_APP_PORT, { AIMLAPI_KEY: "e2e-test-key", AIMLAPI_BASE_URL: `${FAKE_ORIGIN}/v1`, STUDIO_RATE_LIMIT: "2" }),
    {
      ...appServer(SHARED_APP_PORT, { AIMLAPI_KEY: "e2e-test-key", AIMLAPI_BASE_URL: `${FAKE_ORIGIN}/v1` }),
      command: `npx --no-install tsx --conditions=react-server e2e/support/serve-app-shared.ts ${SHARED_APP_PORT} ${SHARED_SECOND_APP_PORT} --worker`,
      // A signal it can answer, so it stops PostgreSQL and s3rver (which run outside its process group) too.
      gracefulShutdown: { signal: "SIGTERM" as const, timeout: 20_000 },
    },
  ],
});
