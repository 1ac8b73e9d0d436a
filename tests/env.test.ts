import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/server/env";
import { selectEngine } from "@/lib/server/engine";

describe("the environment", () => {
  it("defaults to the real API's address, a 180 s timeout and automatic engine choice", () => {
    const env = parseEnv({});
    expect(env.AIMLAPI_KEY).toBeUndefined();
    expect(env).toMatchObject({
      AIMLAPI_BASE_URL: "https://api.aimlapi.com/v1",
      STUDIO_ENGINE: "auto",
      AIMLAPI_TIMEOUT_MS: 180_000,
      STUDIO_DATA_DIR: "./data",
      STUDIO_MAX_CONCURRENCY: 4,
      STUDIO_JOB_DEADLINE_MS: 300_000,
    });
  });

  it("treats an empty key as no key", () => {
    expect(parseEnv({ AIMLAPI_KEY: "" }).AIMLAPI_KEY).toBeUndefined();
    expect(parseEnv({ AIMLAPI_KEY: "   " }).AIMLAPI_KEY).toBeUndefined();
  });

  it.each([
    [{ AIMLAPI_BASE_URL: "not a url" }, "AIMLAPI_BASE_URL"],
    [{ AIMLAPI_BASE_URL: "ftp://api.example.com" }, "AIMLAPI_BASE_URL"],
    [{ STUDIO_ENGINE: "gpu" }, "STUDIO_ENGINE must be auto, aimlapi or local"],
    [{ AIMLAPI_TIMEOUT_MS: "soon" }, "AIMLAPI_TIMEOUT_MS"],
    [{ AIMLAPI_TIMEOUT_MS: "10" }, "AIMLAPI_TIMEOUT_MS must be at least 1000"],
    [{ STUDIO_ENGINE: "aimlapi" }, "AIMLAPI_KEY is required when STUDIO_ENGINE=aimlapi"],
    [{ STUDIO_MAX_CONCURRENCY: "0" }, "STUDIO_MAX_CONCURRENCY must be at least 1"],
    [{ STUDIO_MAX_CONCURRENCY: "many" }, "STUDIO_MAX_CONCURRENCY must be a number"],
    [{ STUDIO_JOB_DEADLINE_MS: "5" }, "STUDIO_JOB_DEADLINE_MS must be at least 1000"],
  ])("names the bad variable in %j", (source, expected) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(expected);
  });
});

describe("choosing the engine", () => {
  it("uses the offline engine when no key is set", () => {
    const engine = selectEngine(parseEnv({}));
    expect(engine.id).toBe("local");
    expect(engine.label).toBe("Offline engine");
  });

  it("uses the AI/ML API when a key is set", () => {
    expect(selectEngine(parseEnv({ AIMLAPI_KEY: "k" })).id).toBe("aimlapi");
  });

  it("lets STUDIO_ENGINE=local keep the offline engine even with a key", () => {
    expect(selectEngine(parseEnv({ AIMLAPI_KEY: "k", STUDIO_ENGINE: "local" })).id).toBe("local");
  });
});
