import { afterEach, describe, expect, it } from "vitest";
import { createSeedreamClient, type SeedreamClientOptions } from "@/lib/server/seedream/client";
import { seedreamRequest, type SeedreamRequest } from "@/lib/shared/seedream/schema";
import { expectSeedreamError as failureOf } from "./support/expect-seedream-error";
import { refusedUrl, startScriptedServer, type ScriptedReply, type ScriptedServer } from "./support/scripted-server";

const TEXT_TO_IMAGE: SeedreamRequest = { model: "bytedance/seedream-v4-text-to-image", prompt: "a red fox in snow" };
const OK: ScriptedReply = {
  status: 200,
  headers: { "x-inference-id": "inf-1" },
  body: { data: [{ url: "https://cdn.example.com/fox.png" }], meta: { usage: { credits_used: 63000 } } },
};
const TOO_MANY: ScriptedReply = { status: 429, body: { message: "Too Many Requests", statusCode: 429 } };
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(...script: ScriptedReply[]): Promise<ScriptedServer> {
  server = await startScriptedServer(script);
  return server;
}

function clientFor(target: ScriptedServer | string, options: Partial<SeedreamClientOptions> = {}) {
  const url = typeof target === "string" ? target : target.url;
  return createSeedreamClient({ apiKey: "test-key", baseUrl: `${url}/v1`, backoffBaseMs: 10, ...options });
}

/** Milliseconds between the arrival of request n and the one before it (0-based n). */
function gapMs(api: ScriptedServer, n: number): number {
  return (api.received[n]?.at ?? Number.NaN) - (api.received[n - 1]?.at ?? Number.NaN);
}

describe("what the client sends", () => {
  it("POSTs to {baseUrl}/images/generations with bearer auth, JSON headers and a studio request id", async () => {
    const api = await serve(OK);
    const result = await clientFor(api).generate(TEXT_TO_IMAGE);

    expect(api.received).toHaveLength(1);
    const [sent] = api.received;
    expect(sent).toMatchObject({ method: "POST", path: "/v1/images/generations" });
    expect(sent?.headers).toMatchObject({
      authorization: "Bearer test-key",
      "content-type": "application/json",
      accept: "application/json",
    });
    const requestId = sent?.headers["x-client-request-id"];
    expect(requestId).toMatch(/^studio-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(requestId).toMatch(REQUEST_ID);
    expect(result).toStrictEqual({
      outputs: [{ kind: "url", url: "https://cdn.example.com/fox.png" }],
      seed: undefined,
      creditsUsed: 63000,
      requestId,
      inferenceId: "inf-1",
      attempts: 1,
      status: 200,
    });
  });

  it("tolerates a trailing slash on baseUrl and a newline after the key; a new request id per call", async () => {
    const api = await serve(OK, OK);
    const client = createSeedreamClient({ apiKey: "key-from-env\n", baseUrl: `${api.url}/v1/` });
    const first = await client.generate(TEXT_TO_IMAGE);
    const second = await client.generate(TEXT_TO_IMAGE);
    expect(api.received.map((request) => request.path)).toEqual(["/v1/images/generations", "/v1/images/generations"]);
    expect(first.requestId).not.toBe(second.requestId);
    expect(api.received[0]?.headers.authorization).toBe("Bearer key-from-env");
  });

  it("sends exactly the parsed request: trimmed prompt, undefined fields dropped, nothing added", async () => {
    const api = await serve(OK);
    const request: SeedreamRequest = {
      model: "bytedance/seedream-v4-edit",
      prompt: "  make it night  ",
      image_urls: ["https://example.com/in.png"],
      image_size: { width: 2048, height: 2048 },
      seed: undefined,
      num_images: 2,
    };
    await clientFor(api).generate(request);

    const [sent] = api.received;
    expect(sent?.rawBody).toBe(JSON.stringify(seedreamRequest.parse(request)));
    expect(sent?.json).toStrictEqual({
      model: "bytedance/seedream-v4-edit",
      prompt: "make it night",
      image_urls: ["https://example.com/in.png"],
      image_size: { width: 2048, height: 2048 },
      num_images: 2,
    });
  });

  it.each([
    ["a blank prompt", { ...TEXT_TO_IMAGE, prompt: "   " }, "Write a prompt first."],
    [
      "a field outside the contract",
      { ...TEXT_TO_IMAGE, response_format: "b64_json" },
      'Unrecognized key: "response_format"',
    ],
  ])("refuses %s with the schema's message and makes no HTTP call", async (_case, request, detail) => {
    const api = await serve(OK);
    const error = await failureOf(clientFor(api).generate(request as SeedreamRequest));
    expect(error.code).toBe("invalid_request");
    expect(error.detail).toBe(detail);
    expect(api.received).toHaveLength(0);
  });

  it("reports a missing key as unauthorized without calling the API", async () => {
    const api = await serve(OK);
    const error = await failureOf(clientFor(api, { apiKey: " " }).generate(TEXT_TO_IMAGE));
    expect(error.code).toBe("unauthorized");
    expect(api.received).toHaveLength(0);
  });

  it("rejects nonsensical options when the client is created", () => {
    expect(() => createSeedreamClient({ apiKey: "k", maxAttempts: 0 })).toThrow(RangeError);
    expect(() => createSeedreamClient({ apiKey: "k", timeoutMs: 0 })).toThrow(RangeError);
  });
});

describe("retries", () => {
  it.each([
    ["one 429", [TOO_MANY, OK]],
    ["two 429s", [TOO_MANY, TOO_MANY, OK]],
  ])("succeeds after %s, resending the same request id and body", async (_case, script) => {
    const api = await serve(...script);
    const result = await clientFor(api).generate(TEXT_TO_IMAGE);

    expect(result.attempts).toBe(script.length);
    expect(result.status).toBe(200);
    expect(api.received).toHaveLength(script.length);
    const [first, ...retries] = api.received;
    for (const retry of retries) {
      expect(retry.headers["x-client-request-id"]).toBe(first?.headers["x-client-request-id"]);
      expect(retry.rawBody).toBe(first?.rawBody);
    }
    expect(result.requestId).toBe(first?.headers["x-client-request-id"]);
  });

  it("gives up as rate_limited after exactly maxAttempts tries, keeping the last Retry-After", async () => {
    const now: ScriptedReply = { ...TOO_MANY, headers: { "Retry-After": "0" } };
    const later: ScriptedReply = { ...TOO_MANY, headers: { "Retry-After": "7" } };
    const api = await serve(now, now, later, OK);
    const error = await failureOf(clientFor(api).generate(TEXT_TO_IMAGE));

    expect(api.received).toHaveLength(3);
    expect(error.code).toBe("rate_limited");
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(7000);
    expect(error.clientRequestId).toBe(api.received[0]?.headers["x-client-request-id"]);
  });

  it("does not retry at all when maxAttempts is 1", async () => {
    const api = await serve(TOO_MANY, OK);
    const error = await failureOf(clientFor(api, { maxAttempts: 1 }).generate(TEXT_TO_IMAGE));
    expect(error.code).toBe("rate_limited");
    expect(api.received).toHaveLength(1);
  });

  it("retries a 503", async () => {
    const api = await serve({ status: 503, body: { message: "Service unavailable" } }, OK);
    const result = await clientFor(api).generate(TEXT_TO_IMAGE);
    expect(result.attempts).toBe(2);
  });

  it("reports provider_error after three 503s", async () => {
    const unavailable: ScriptedReply = { status: 503, body: "Service unavailable" };
    const api = await serve(unavailable, unavailable, unavailable, OK);
    const error = await failureOf(clientFor(api).generate(TEXT_TO_IMAGE));
    expect(error.code).toBe("provider_error");
    expect(api.received).toHaveLength(3);
  });

  it.each([
    [500, "Internal server error", "provider_error"],
    [502, "Bad Gateway", "provider_error"],
    [504, "Generation timeout", "provider_timeout"],
    [400, "Body validation error!", "invalid_request"],
    [401, "This request requires a valid API key.", "unauthorized"],
    [403, "You've run out of credits.", "out_of_credits"],
    [429, "InputTextSensitiveContentDetected", "safety_rejected"],
  ] as const)("never retries a %i %j (it may have run and been charged): one request, %s", async (...row) => {
    const [status, message, code] = row;
    const api = await serve({ status, body: { message, statusCode: status } }, OK);
    const error = await failureOf(clientFor(api).generate(TEXT_TO_IMAGE));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(api.received).toHaveLength(1);
  });

  it("waits as long as Retry-After says", async () => {
    const api = await serve({ ...TOO_MANY, headers: { "Retry-After": "1" } }, OK);
    await clientFor(api, { backoffBaseMs: 1 }).generate(TEXT_TO_IMAGE);
    expect(gapMs(api, 1)).toBeGreaterThanOrEqual(950);
  });

  it("caps a long Retry-After at maxBackoffMs", async () => {
    const api = await serve({ ...TOO_MANY, headers: { "Retry-After": "30" } }, OK);
    await clientFor(api, { maxBackoffMs: 100 }).generate(TEXT_TO_IMAGE);
    expect(gapMs(api, 1)).toBeGreaterThanOrEqual(90);
    expect(gapMs(api, 1)).toBeLessThan(1000);
  });

  it("backs off exponentially without Retry-After", async () => {
    const api = await serve(TOO_MANY, TOO_MANY, OK);
    await clientFor(api, { backoffBaseMs: 100 }).generate(TEXT_TO_IMAGE);
    // With jitter in [0.5, 1.5]: the first wait is 50–150 ms, the second 100–300 ms.
    expect(gapMs(api, 1)).toBeGreaterThanOrEqual(45);
    expect(gapMs(api, 2)).toBeGreaterThanOrEqual(95);
  });

  it("reports the 429 at once when the wait would pass the deadline", async () => {
    const api = await serve({ ...TOO_MANY, headers: { "Retry-After": "5" } }, OK);
    const started = performance.now();
    const error = await failureOf(
      clientFor(api, { timeoutMs: 1000, maxBackoffMs: 10_000 }).generate(TEXT_TO_IMAGE),
    );
    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterMs).toBe(5000);
    expect(performance.now() - started).toBeLessThan(500);
    expect(api.received).toHaveLength(1);
  });
});

describe("deadline and cancellation", () => {
  it.each([
    ["without a caller's signal", undefined],
    ["with a caller's signal that never fires (not canceled)", new AbortController().signal],
  ])("reports provider_timeout when the server never answers, %s", async (_case, signal) => {
    const api = await serve({ hang: true });
    const started = performance.now();
    const error = await failureOf(clientFor(api, { timeoutMs: 300 }).generate(TEXT_TO_IMAGE, { signal }));
    const elapsed = performance.now() - started;
    expect(error.code).toBe("provider_timeout");
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it("counts retries and waits against the same deadline", async () => {
    const api = await serve(TOO_MANY, { hang: true });
    const started = performance.now();
    const error = await failureOf(clientFor(api, { timeoutMs: 400 }).generate(TEXT_TO_IMAGE));
    expect(error.code).toBe("provider_timeout");
    expect(api.received).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("reports canceled promptly when the caller aborts during the request", async () => {
    const api = await serve({ hang: true });
    const caller = new AbortController();
    const call = clientFor(api).generate(TEXT_TO_IMAGE, { signal: caller.signal });
    await api.nthRequest(1);
    const abortedAt = performance.now();
    caller.abort();
    const error = await failureOf(call);
    expect(error.code).toBe("canceled");
    expect(performance.now() - abortedAt).toBeLessThan(200);
  });

  it("reports canceled promptly when the caller aborts during a backoff wait", async () => {
    const api = await serve({ ...TOO_MANY, headers: { "Retry-After": "5" } }, OK);
    const caller = new AbortController();
    const call = clientFor(api, { maxBackoffMs: 10_000 }).generate(TEXT_TO_IMAGE, { signal: caller.signal });
    await api.nthRequest(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const abortedAt = performance.now();
    caller.abort();
    const error = await failureOf(call);
    expect(error.code).toBe("canceled");
    expect(performance.now() - abortedAt).toBeLessThan(200);
    expect(api.received).toHaveLength(1);
  });

  it("does not call the API when the signal is already aborted", async () => {
    const api = await serve(OK);
    const error = await failureOf(clientFor(api).generate(TEXT_TO_IMAGE, { signal: AbortSignal.abort() }));
    expect(error.code).toBe("canceled");
    expect(api.received).toHaveLength(0);
  });
});

describe("network failures", () => {
  it("reports a refused connection as network, without retrying", async () => {
    const error = await failureOf(clientFor(await refusedUrl()).generate(TEXT_TO_IMAGE));
    expect(error.code).toBe("network");
    expect(error.detail).toContain("ECONNREFUSED");
  });

  it("reports a dropped connection as network and does not retry it", async () => {
    const api = await serve({ destroy: true }, OK);
    const error = await failureOf(clientFor(api).generate(TEXT_TO_IMAGE));
    expect(error.code).toBe("network");
    expect(api.received).toHaveLength(1);
  });
});
