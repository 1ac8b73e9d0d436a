import { afterEach, describe, expect, it } from "vitest";
import { classifyHttpFailure } from "@/lib/server/seedream/classify";
import { createSeedreamClient } from "@/lib/server/seedream/client";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";
import { expectSeedreamError } from "./support/expect-seedream-error";
import { startScriptedServer, type ScriptedReply, type ScriptedServer } from "./support/scripted-server";

const NO_HEADERS = new Headers();

/** The documented envelope (seedream-api.md §8.1); `statusCode` is a string in the docs, a number live. */
function legacyEnvelope(statusCode: number | string, message: string) {
  return JSON.stringify({
    message,
    path: "/v1/images/generations",
    requestId: "798b860e-98c2-4e8e-8c50-550bcfc2eccc",
    statusCode,
    timestamp: "2025-03-11T07:13:27.813Z",
  });
}

/** The problem+json envelope seen live (§8.2). */
function problemEnvelope(status: number, title: string, message: string, errorName = "HttpException") {
  return JSON.stringify({
    title,
    status,
    message,
    instance: "/v1/images/generations",
    requestId: "b1f2c3d4-0000-4000-8000-000000000001",
    timestamp: "2026-08-30T18:23:01.734Z",
    error: { name: errorName, message },
  });
}

describe("classifyHttpFailure by status", () => {
  it.each([
    [401, "unauthorized"],
    [402, "out_of_credits"],
    [403, "out_of_credits"],
    [429, "rate_limited"],
    [400, "invalid_request"],
    [404, "invalid_request"],
    [409, "invalid_request"],
    [413, "invalid_request"],
    [422, "invalid_request"],
    [408, "provider_timeout"],
    [504, "provider_timeout"],
    [500, "provider_error"],
    [502, "provider_error"],
    [503, "provider_error"],
    [520, "provider_error"],
    [302, "bad_response"],
  ] as const)("%i → %s, keeping the status", (status, code) => {
    const error = classifyHttpFailure(status, legacyEnvelope(status, "Something happened"), NO_HEADERS);
    expect(error).toBeInstanceOf(SeedreamError);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
  });
});

describe("both error envelopes", () => {
  it("reads the legacy envelope with statusCode as a string", () => {
    const message = "Free-tier limit: You've reached your free limit for the hour.";
    const error = classifyHttpFailure(429, legacyEnvelope("429", message), NO_HEADERS);
    expect(error.code).toBe("rate_limited");
    expect(error.detail).toBe(message);
    expect(error.requestId).toBe("798b860e-98c2-4e8e-8c50-550bcfc2eccc");
  });

  it("reads the legacy envelope with statusCode as a number and shows the validation detail", () => {
    const message = "Body validation error! Invalid enum value. Expected 'square_hd' | 'square', received 'huge'";
    const error = classifyHttpFailure(400, legacyEnvelope(400, message), NO_HEADERS);
    expect(error.code).toBe("invalid_request");
    expect(error.detail).toBe(message);
    expect(error.message).toContain("received 'huge'");
  });

  it("reads the problem+json envelope", () => {
    const message = "You provided an empty string instead of valid API key.";
    const body = problemEnvelope(401, "Unauthorized", message, "UnauthorizedException");
    const error = classifyHttpFailure(401, body, NO_HEADERS);
    expect(error.code).toBe("unauthorized");
    expect(error.detail).toBe(message);
    expect(error.requestId).toBe("b1f2c3d4-0000-4000-8000-000000000001");
  });

  it("falls back from message to error.message, to error as a string, to the title", () => {
    const fromError = classifyHttpFailure(400, JSON.stringify({ error: { message: "bad size" } }), NO_HEADERS);
    const fromString = classifyHttpFailure(400, JSON.stringify({ error: "bad seed" }), NO_HEADERS);
    const fromTitle = classifyHttpFailure(404, JSON.stringify({ title: "Not Found", status: 404 }), NO_HEADERS);
    const fromObject = classifyHttpFailure(400, JSON.stringify({ message: { message: "bad prompt" } }), NO_HEADERS);
    expect(fromError.detail).toBe("bad size");
    expect(fromString.detail).toBe("bad seed");
    expect(fromTitle.detail).toBe("Not Found");
    expect(fromObject.detail).toBe("bad prompt");
  });

  it("takes the request id from x-request-id when the body has none, and the body's first", () => {
    const headers = new Headers({ "x-request-id": "from-header" });
    expect(classifyHttpFailure(500, JSON.stringify({ message: "Internal server error" }), headers).requestId).toBe(
      "from-header",
    );
    expect(classifyHttpFailure(500, "Internal server error", headers).requestId).toBe("from-header");
    expect(classifyHttpFailure(429, legacyEnvelope("429", "Too Many Requests"), headers).requestId).toBe(
      "798b860e-98c2-4e8e-8c50-550bcfc2eccc",
    );
  });

  it("classifies a non-JSON body by status, with a trimmed snippet as the detail", () => {
    const page = `<html>\n  <head><title>502 Bad Gateway</title></head>\n  <body>${"x".repeat(1000)}</body>\n</html>`;
    const error = classifyHttpFailure(502, page, NO_HEADERS);
    expect(error.code).toBe("provider_error");
    expect(error.detail?.startsWith("<html> <head><title>502 Bad Gateway</title></head>")).toBe(true);
    expect(error.detail?.length).toBeLessThanOrEqual(300);
  });

  it("leaves the detail empty when the body is", () => {
    expect(classifyHttpFailure(503, "", NO_HEADERS).detail).toBeUndefined();
  });

  it("classifies a body whose fields have unexpected types by status, keeping the raw text", () => {
    const error = classifyHttpFailure(400, JSON.stringify({ message: 42, requestId: null }), NO_HEADERS);
    expect(error.code).toBe("invalid_request");
    expect(error.detail).toBe('{"message":42,"requestId":null}');
  });
});

describe("Retry-After", () => {
  it("is carried on a 429 in milliseconds, from seconds or an HTTP-date", () => {
    const seconds = classifyHttpFailure(429, "Too Many Requests", new Headers({ "Retry-After": "3" }));
    expect(seconds.retryAfterMs).toBe(3000);
    const date = new Date(Date.now() + 60_000).toUTCString();
    const fromDate = classifyHttpFailure(429, "Too Many Requests", new Headers({ "Retry-After": date }));
    expect(fromDate.retryAfterMs).toBeGreaterThan(55_000);
    expect(fromDate.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it("is absent when the header is, and ignored on statuses it does not apply to", () => {
    expect(classifyHttpFailure(429, "Too Many Requests", NO_HEADERS).retryAfterMs).toBeUndefined();
    expect(classifyHttpFailure(400, "nope", new Headers({ "Retry-After": "3" })).retryAfterMs).toBeUndefined();
    expect(classifyHttpFailure(503, "down", new Headers({ "Retry-After": "2" })).retryAfterMs).toBe(2000);
  });
});

describe("safety refusals win over the status", () => {
  const refusals = [
    "InputTextSensitiveContentDetected",
    "InputImageSensitiveContentDetected",
    "OutputImageSensitiveContentDetected",
    "InputTextRiskDetection",
    "OutputImageRiskDetection",
    "The request failed because the output image may contain sensitive information.",
    "NSFW content detected in the output",
    "Your prompt violates our content policy.",
    "Rejected by the safety checker",
  ];

  for (const status of [400, 500]) {
    it.each(refusals)(`${status} saying "%s" → safety_rejected`, (message) => {
      const error = classifyHttpFailure(status, legacyEnvelope(status, message), NO_HEADERS);
      expect(error.code).toBe("safety_rejected");
      expect(error.status).toBe(status);
      expect(error.detail).toBe(message);
    });
  }

  it("finds a BytePlus code in error.code and in problem+json's error.name", () => {
    const byteplus = JSON.stringify({ error: { code: "InputImageSensitiveContentDetected", message: "Rejected." } });
    expect(classifyHttpFailure(400, byteplus, NO_HEADERS).code).toBe("safety_rejected");
    const problem = problemEnvelope(500, "Internal Server Error", "Upstream failed", "OutputImageRiskDetection");
    expect(classifyHttpFailure(500, problem, NO_HEADERS).code).toBe("safety_rejected");
  });

  it("finds one in a plain-text body", () => {
    expect(classifyHttpFailure(500, "upstream: OutputImageSensitiveContentDetected", NO_HEADERS).code).toBe(
      "safety_rejected",
    );
  });

  it.each([
    "Body validation error! enable_safety_checker: Expected boolean, received string",
    "Body validation error! has_nsfw_concepts is not allowed",
    "The model id is case-sensitive",
  ])('does not mistake "%s" for a refusal', (message) => {
    expect(classifyHttpFailure(400, legacyEnvelope(400, message), NO_HEADERS).code).toBe("invalid_request");
  });
});

describe("through the client, over HTTP", () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function callAnswering(reply: ScriptedReply): Promise<{ error: SeedreamError; api: ScriptedServer }> {
    server = await startScriptedServer([reply, reply]);
    const client = createSeedreamClient({ apiKey: "test-key", baseUrl: server.url, backoffBaseMs: 1 });
    const error = await expectSeedreamError(
      client.generate({ model: "bytedance/seedream-v4-text-to-image", prompt: "a lighthouse" }),
    );
    return { error, api: server };
  }

  it("keeps the status, both request ids and the provider's detail on a 400", async () => {
    const message = "Body validation error! Expected number, received string";
    const { error, api } = await callAnswering({
      status: 400,
      headers: { "Content-Type": "application/json" },
      body: legacyEnvelope(400, message),
    });
    expect(error.code).toBe("invalid_request");
    expect(error.status).toBe(400);
    expect(error.detail).toBe(message);
    expect(error.requestId).toBe("798b860e-98c2-4e8e-8c50-550bcfc2eccc");
    expect(error.clientRequestId).toBe(api.received[0]?.headers["x-client-request-id"]);
  });

  it("reads a problem+json 403 as out_of_credits", async () => {
    const { error } = await callAnswering({
      status: 403,
      headers: { "Content-Type": "application/problem+json", "x-request-id": "req-403" },
      body: JSON.stringify({ title: "Forbidden", status: 403, message: "You've run out of credits." }),
    });
    expect(error.code).toBe("out_of_credits");
    expect(error.requestId).toBe("req-403");
  });

  it("reports a 500 safety refusal once, without retrying", async () => {
    const { error, api } = await callAnswering({
      status: 500,
      body: legacyEnvelope("500", "OutputImageSensitiveContentDetected"),
    });
    expect(error.code).toBe("safety_rejected");
    expect(api.received).toHaveLength(1);
  });
});
