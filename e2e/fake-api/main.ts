import { startFakeAimlApi } from "./server";

/**
 * Runs the fake AI/ML API on its own, for Playwright's webServer and for poking at it by hand:
 *   FAKE_AIMLAPI_PORT=4010 npx --no-install tsx e2e/fake-api/main.ts
 */
function numberFromEnv(name: string, fallback?: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const api = await startFakeAimlApi({
    port: numberFromEnv("FAKE_AIMLAPI_PORT", 4010),
    host: process.env.FAKE_AIMLAPI_HOST || undefined,
    apiKey: process.env.FAKE_AIMLAPI_KEY || "test-key",
    latencyMs: numberFromEnv("FAKE_AIMLAPI_LATENCY_MS"),
    urlTtlMs: numberFromEnv("FAKE_AIMLAPI_URL_TTL_MS"),
  });
  console.log(`fake AI/ML API listening on ${api.baseUrl}`);

  const stop = () => {
    api.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
