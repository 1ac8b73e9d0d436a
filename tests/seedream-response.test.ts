import { afterEach, describe, expect, it } from "vitest";
import { createSeedreamClient } from "@/lib/server/seedream/client";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";
import { parseSeedreamResponse } from "@/lib/server/seedream/response";
import type { SeedreamRequest } from "@/lib/shared/seedream/schema";
import {
  SEEDREAM_4_5_DECLARED,
  SEEDREAM_5_0_LITE_DECLARED,
  TINY_PNG_BASE64,
  USO_FAL_PASSTHROUGH,
  V4_EDIT_FAL_PASSTHROUGH,
} from "./support/documented-responses";
import { expectSeedreamError as failureOf } from "./support/expect-seedream-error";
import { startScriptedServer, type ScriptedReply, type ScriptedServer } from "./support/scripted-server";

const EDIT: SeedreamRequest = {
  model: "bytedance/seedream-v4-edit",
  prompt: "make it night",
  image_urls: ["https://example.com/in.png"],
};
const NO_HEADERS = new Headers();

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** One real call against a server that answers `reply`. */
async function callAnswering(reply: ScriptedReply) {
  server = await startScriptedServer([reply]);
  return createSeedreamClient({ apiKey: "test-key", baseUrl: server.url }).generate(EDIT);
}

function parseFailure(body: unknown, headers: Headers = NO_HEADERS): SeedreamError {
  try {
    parseSeedreamResponse(body, headers);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedreamError);
    return error as SeedreamError;
  }
  throw new Error("parseSeedreamResponse accepted the body");
}

describe("documented success shapes, over HTTP", () => {
  it("reads the v4 fal passthrough: data[] once (not images[] as well), top-level seed, tokens_used", async () => {
    const result = await callAnswering({
      body: V4_EDIT_FAL_PASSTHROUGH,
      headers: { "x-inference-id": "inf-123" },
    });
    expect(result.outputs).toStrictEqual([
      { kind: "url", url: "https://v3b.fal.media/files/b/kangaroo/nHWHZ…_d54b….png" },
    ]);
    expect(result.seed).toBe(623004765);
    expect(result.creditsUsed).toBe(63000);
    expect(result.inferenceId).toBe("inf-123");
    expect(result.status).toBe(200);
  });

  it.each([
    ["seedream-4-5", SEEDREAM_4_5_DECLARED, 84000],
    ["seedream-5-0-lite-preview", SEEDREAM_5_0_LITE_DECLARED, 91000],
  ])("reads the declared data[] + credits_used shape (%s)", async (_model, body, credits) => {
    const result = await callAnswering({ body });
    expect(result.outputs).toStrictEqual([{ kind: "url", url: body.data[0]?.url }]);
    expect(result.creditsUsed).toBe(credits);
    expect(result.seed).toBeUndefined();
  });

  it("accepts the uso response, whose has_nsfw_concepts is [false]", async () => {
    const result = await callAnswering({ body: USO_FAL_PASSTHROUGH });
    expect(result.outputs).toHaveLength(1);
    expect(result.seed).toBe(1367947822);
  });

  it("takes credits from x-aimlapi-credits-used when the body has no usage", async () => {
    const result = await callAnswering({
      body: { data: [{ url: "https://cdn.aimlapi.com/a.png" }] },
      headers: { "x-aimlapi-credits-used": "63000" },
    });
    expect(result.creditsUsed).toBe(63000);
  });

  it("reads raw b64_json, with the item's content_type as the mime", async () => {
    const result = await callAnswering({
      body: { data: [{ url: null, b64_json: TINY_PNG_BASE64, content_type: "image/png" }] },
    });
    expect(result.outputs).toStrictEqual([{ kind: "base64", data: TINY_PNG_BASE64, mime: "image/png" }]);
  });

  it("reads a data: URI in url (sync_mode) as base64 data with its mime", async () => {
    const result = await callAnswering({
      body: { data: [{ url: `data:image/png;base64,${TINY_PNG_BASE64}` }] },
    });
    expect(result.outputs).toStrictEqual([{ kind: "base64", data: TINY_PNG_BASE64, mime: "image/png" }]);
  });

  it("accepts 201, the status older specs declared", async () => {
    const result = await callAnswering({ status: 201, body: SEEDREAM_4_5_DECLARED });
    expect(result.status).toBe(201);
    expect(result.outputs).toHaveLength(1);
  });

  it("reports a non-JSON 2xx body as bad_response with the status", async () => {
    const error = await failureOf(callAnswering({ body: "<html>upstream says hi</html>" }));
    expect(error.code).toBe("bad_response");
    expect(error.status).toBe(200);
    expect(error.clientRequestId).toMatch(/^studio-/);
  });

  it("reports an empty data[] as safety_rejected with the status", async () => {
    const error = await failureOf(callAnswering({ body: { data: [], meta: { usage: { credits_used: 0 } } } }));
    expect(error.code).toBe("safety_rejected");
    expect(error.status).toBe(200);
  });

  it("reports has_nsfw_concepts: [true] as safety_rejected", async () => {
    const error = await failureOf(
      callAnswering({ body: { ...USO_FAL_PASSTHROUGH, has_nsfw_concepts: [true] } }),
    );
    expect(error.code).toBe("safety_rejected");
  });
});

describe("parseSeedreamResponse", () => {
  const image = "https://cdn.example.com/out.png";

  it("falls back to images[] when data is missing, null or empty", () => {
    for (const data of [undefined, null, []]) {
      const body = { ...(data === undefined ? {} : { data }), images: [{ url: image }] };
      expect(parseSeedreamResponse(body, NO_HEADERS).outputs).toStrictEqual([{ kind: "url", url: image }]);
    }
  });

  it("keeps every usable item, in order", () => {
    const body = { data: [{ url: image }, { url: `${image}?2` }] };
    const urls = parseSeedreamResponse(body, NO_HEADERS).outputs.map((output) => output.kind === "url" && output.url);
    expect(urls).toEqual([image, `${image}?2`]);
  });

  it("prefers b64_json over url when an item has both", () => {
    const body = { data: [{ url: image, b64_json: TINY_PNG_BASE64 }] };
    expect(parseSeedreamResponse(body, NO_HEADERS).outputs).toStrictEqual([{ kind: "base64", data: TINY_PNG_BASE64 }]);
  });

  it("reads a data: URI in b64_json, taking its mime", () => {
    const body = { data: [{ b64_json: `data:image/webp;base64,${TINY_PNG_BASE64}` }] };
    expect(parseSeedreamResponse(body, NO_HEADERS).outputs).toStrictEqual([
      { kind: "base64", data: TINY_PNG_BASE64, mime: "image/webp" },
    ]);
  });

  it("falls back to url when b64_json is not base64", () => {
    const body = { data: [{ url: image, b64_json: "not base64!" }] };
    expect(parseSeedreamResponse(body, NO_HEADERS).outputs).toStrictEqual([{ kind: "url", url: image }]);
  });

  it("prefers credits_used, then tokens_used, then the header", () => {
    const headers = new Headers({ "x-aimlapi-credits-used": "3" });
    const both = { data: [{ url: image }], meta: { usage: { credits_used: 1, tokens_used: 2 } } };
    const tokens = { data: [{ url: image }], meta: { usage: { tokens_used: 2 } } };
    expect(parseSeedreamResponse(both, headers).creditsUsed).toBe(1);
    expect(parseSeedreamResponse(tokens, headers).creditsUsed).toBe(2);
    expect(parseSeedreamResponse({ data: [{ url: image }], meta: null }, headers).creditsUsed).toBe(3);
    const unreadable = new Headers({ "x-aimlapi-credits-used": "n/a" });
    expect(parseSeedreamResponse({ data: [{ url: image }] }, unreadable).creditsUsed).toBeUndefined();
  });

  it("reads the inference id from x-inference-id", () => {
    const headers = new Headers({ "x-inference-id": "inf-9" });
    expect(parseSeedreamResponse({ data: [{ url: image }] }, headers).inferenceId).toBe("inf-9");
    expect(parseSeedreamResponse({ data: [{ url: image }] }, NO_HEADERS).inferenceId).toBeUndefined();
  });

  it.each([
    ["data is a string", { data: "https://cdn.example.com/out.png" }],
    ["the body is an array", [{ url: "https://cdn.example.com/out.png" }]],
    ["the body is null", null],
    ["the body has neither data nor images", { result: "ok" }],
    ["the only url is not http(s)", { data: [{ url: "ftp://cdn.example.com/out.png" }] }],
    ["the only url is a data URI of something else", { data: [{ url: "data:text/html;base64,PGgxPg==" }] }],
  ])("reports bad_response when %s", (_case, body) => {
    expect(parseFailure(body).code).toBe("bad_response");
  });

  it.each([
    ["data is null and images missing", { data: null }],
    ["data is empty", { data: [], images: [] }],
    ["every item is blank", { data: [{ url: null, b64_json: null }, { url: "" }] }],
    ["has_nsfw_concepts holds a true", { data: [{ url: image }, { url: image }], has_nsfw_concepts: [false, true] }],
    [
      "an item reports a BytePlus safety code",
      { data: [{ error: { code: "OutputImageSensitiveContentDetected", message: "may contain sensitive data" } }] },
    ],
  ])("reports safety_rejected when %s", (_case, body) => {
    expect(parseFailure(body).code).toBe("safety_rejected");
  });

  it("reports a per-item failure that is not about safety as provider_error with its detail", () => {
    const error = parseFailure({ data: [{ error: { code: "InternalServiceError", message: "try later" } }] });
    expect(error.code).toBe("provider_error");
    expect(error.detail).toBe("InternalServiceError: try later");
  });

  it("classifies an error envelope wrapped in a 2xx by the envelope's status", () => {
    const headers = new Headers({ "x-request-id": "req-7" });
    const error = parseFailure({ statusCode: "429", message: "Too Many Requests" }, headers);
    expect(error.code).toBe("rate_limited");
    expect(error.requestId).toBe("req-7");
  });
});
