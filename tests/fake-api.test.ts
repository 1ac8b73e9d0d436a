import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAimlApi, type FakeAimlApi, type FakeAimlApiOptions } from "@/e2e/fake-api/server";

const T2I = "bytedance/seedream-v4-text-to-image";
const EDIT = "bytedance/seedream-v4-edit";
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let api: FakeAimlApi;

beforeAll(async () => {
  api = await startFakeAimlApi({ port: 0 });
});
afterAll(() => api?.close());

type PostOptions = { path?: string; key?: string | null; headers?: Record<string, string>; target?: FakeAimlApi };

function post(body: unknown, options: PostOptions = {}): Promise<Response> {
  const { path = "/v1/images/generations", key = "test-key", target = api } = options;
  return fetch(target.origin + path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...options.headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const textToImage = (prompt = "a red kite over the sea", extra: Record<string, unknown> = {}) =>
  ({ model: T2I, prompt, ...extra });

/** A second fake with its own options, closed whatever happens. */
async function withFake(options: FakeAimlApiOptions, use: (fake: FakeAimlApi) => Promise<void>): Promise<void> {
  const fake = await startFakeAimlApi(options);
  try {
    await use(fake);
  } finally {
    await fake.close();
  }
}

const firstUrl = (body: { data: Item[] }) => body.data[0]?.url ?? "";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pngDataUrl(color: string): Promise<{ url: string; bytes: Buffer }> {
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: color } }).png().toBuffer();
  return { url: `data:image/png;base64,${bytes.toString("base64")}`, bytes };
}

type Item = { url: string | null; b64_json?: string; file_size: number };

describe("paths and auth", () => {
  it.each(["/v1/images/generations", "/images/generations"])("answers a valid call on %s", async (path) => {
    const res = await post(textToImage(), { path });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-inference-id")).toMatch(UUID);
  });

  it("answers 404 with a JSON envelope elsewhere", async () => {
    const wrongPath = await post(textToImage(), { path: "/v1/images/edits" });
    expect(wrongPath.status).toBe(404);
    expect(await wrongPath.json()).toMatchObject({ statusCode: 404, path: "/v1/images/edits" });
    expect((await fetch(`${api.baseUrl}/images/generations`)).status).toBe(404);
  });

  it.each([
    ["missing", null, "This request requires a valid API key"],
    ["wrong", "not-the-key", "This request requires a valid API key"],
    ["empty", "", "You provided an empty string instead of valid API key"],
  ])("refuses a %s key with the live problem+json 401", async (_, key, message) => {
    const res = await post(textToImage(), { key });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const body = await res.json();
    const { title, status, instance, error } = body;
    expect({ title, status, instance, error }).toEqual({
      title: "Unauthorized", status: 401, instance: "/v1/images/generations",
      error: { name: "UnauthorizedException", message: body.message },
    });
    expect(body.message).toContain(message);
    expect(body.requestId).toBe(res.headers.get("x-request-id"));
    expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
  });
});

describe("body validation", () => {
  const manyUrls = Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.png`);
  it.each([
    ["a 4001-character prompt", textToImage("x".repeat(4001)), "prompt: Too big: expected string to have <=4000"],
    ["an unknown field", textToImage("a kite", { foo: 1 }), 'Unrecognized key: "foo"'],
    ["num_images 5", textToImage("a kite", { num_images: 5 }), "num_images: Too big: expected number to be <=4"],
    ["a half image_size", textToImage("a kite", { image_size: { width: 512 } }), "image_size: Invalid input"],
    ["an edit without image_urls", { model: EDIT, prompt: "a kite" }, "image_urls: Invalid input: expected array"],
    ["11 image_urls", { model: EDIT, prompt: "a kite", image_urls: manyUrls }, "array to have <=10 items"],
    ["an unknown model", { model: "bytedance/seedream-9", prompt: "a kite" }, "model: Invalid discriminator value"],
  ])("refuses %s with the documented 400 envelope", async (_, body, detail) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const envelope = await res.json();
    expect(Object.keys(envelope).sort()).toEqual(["message", "path", "requestId", "statusCode", "timestamp"]);
    expect(envelope.statusCode).toBe(400);
    expect(envelope.path).toBe("/v1/images/generations");
    expect(envelope.message).toMatch(/^Body validation error! /);
    expect(envelope.message).toContain(detail);
  });

  it("refuses a body that is not JSON", async () => {
    const res = await post("{not json");
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/^Body validation error! Invalid JSON/);
  });

  it("refuses a body over 100 MB with 413 without reading it", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${api.baseUrl}/images/generations`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": 200 * 1024 * 1024 },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write("{");
    });
    expect(status).toBe(413);
  });
});

describe("successful generations", () => {
  it("renders a real PNG of the asked size, served at the returned url", async () => {
    const res = await post(textToImage("a lighthouse", { image_size: { width: 1024, height: 2048 }, seed: 42 }));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-aimlapi-credits-used")).toBe("63000");
    const body = await res.json();
    expect(body.seed).toBe(42);
    expect(body.meta).toEqual({ usage: { tokens_used: 63000 } });
    expect(body.data).toEqual(body.images);
    const [item] = body.data as Item[];
    expect(item).toMatchObject({ content_type: "image/png", width: 1024, height: 2048 });
    expect(item?.url).toMatch(new RegExp(`^${api.origin}/files/[\\w-]+\\.png$`));

    const file = await fetch(item?.url ?? "");
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(Number(file.headers.get("content-length"))).toBe(bytes.length);
    expect(item?.file_size).toBe(bytes.length);
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height]).toEqual([1024, 2048]);
  });

  it("inlines raw base64 PNGs with sync_mode", async () => {
    const res = await post(textToImage("a lighthouse", { sync_mode: true, num_images: 2 }));
    const body = await res.json();
    expect(body.meta.usage.tokens_used).toBe(126000);
    expect(body.data).toHaveLength(2);
    for (const item of body.data as Item[]) {
      expect(item.url).toBeNull();
      expect(item.b64_json).not.toMatch(/^data:/);
      const bytes = Buffer.from(item.b64_json ?? "", "base64");
      expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(item.file_size).toBe(bytes.length);
    }
  });

  it("waits latencyMs before answering a generation, but serves files at once", () =>
    withFake({ latencyMs: 250 }, async (slow) => {
      let started = Date.now();
      const body = await (await post(textToImage(), { target: slow })).json();
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
      started = Date.now();
      await (await fetch(firstUrl(body))).arrayBuffer();
      expect(Date.now() - started).toBeLessThan(200);
    }));

  it("lets output urls expire", () =>
    withFake({ urlTtlMs: 200 }, async (shortLived) => {
      const url = firstUrl(await (await post(textToImage(), { target: shortLived })).json());
      expect((await fetch(url)).status).toBe(200);
      await sleep(250);
      expect((await fetch(url)).status).toBe(404);
    }));
});

describe("faults by prompt tag", () => {
  it.each([
    ["[fault:403]", 403, "You've run out of credits. Please top up your balance", 403],
    ["[fault:429]", 429, "Too Many Requests", "429"],
    ["[FAULT:500]", 500, "Internal server error", 500],
    ["[fault:503]", 503, "Service unavailable", 503],
    ["[fault:504]", 504, "Generation timeout", 504],
    ["[fault:safety]", 400, "OutputImageSensitiveContentDetected: The request failed", 400],
  ])("%s answers %i with the legacy envelope", async (tag, status, message, statusCode) => {
    const res = await post(textToImage(`a kite ${tag}`));
    expect(res.status).toBe(status);
    expect(res.headers.get("retry-after")).toBeNull();
    const body = await res.json();
    expect(body).toMatchObject({ statusCode, path: "/v1/images/generations" });
    expect(body.message).toContain(message);
    expect(body.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("[fault:401] answers the problem+json 401 even with the right key", async () => {
    const res = await post(textToImage("a kite [fault:401]"));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ title: "Unauthorized", error: { name: "UnauthorizedException" } });
  });

  it("[fault:empty] succeeds with no image", async () => {
    const body = await (await post(textToImage("a kite [fault:empty]"))).json();
    expect(body.data).toEqual([]);
    expect(body.images).toEqual([]);
  });

  it("[fault:nsfw] returns an image flagged by the safety checker", async () => {
    const body = await (await post(textToImage("a kite [fault:nsfw]"))).json();
    expect(body.data).toHaveLength(1);
    expect(body.has_nsfw_concepts).toEqual([true]);
  });

  it("[fault:garbage] answers 200 with an HTML page", async () => {
    const res = await post(textToImage("a kite [fault:garbage]"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toBe("<html>upstream proxy error</html>");
  });

  it("[fault:expired] returns a url that is already dead", async () => {
    const url = firstUrl(await (await post(textToImage("a kite [fault:expired]", { sync_mode: true }))).json());
    expect(url).toMatch(/^http:\/\//);
    expect((await fetch(url)).status).toBe(404);
  });

  it("[fault:slow:<ms>] delays the answer", async () => {
    const started = Date.now();
    expect((await post(textToImage("a kite [fault:slow:300]"))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("refuses an unknown fault tag rather than ignoring a typo", async () => {
    const res = await post(textToImage("a kite [fault:5000]"));
    expect(res.status).toBe(400);
    expect((await res.json()).message).toContain("[fault:5000]");
  });

  it("[fault:429x2] answers 429 with Retry-After twice, then succeeds for the same call", async () => {
    const headers = { "x-client-request-id": "retry-twice.1" };
    const statuses: (number | string | null)[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const res = await post(textToImage("a kite [fault:429x2]"), { headers });
      statuses.push(res.status, res.headers.get("retry-after"));
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([429, "1", 429, "1", 200, null]);
  });

  it("[fault:hang] never answers, and close() still returns", async () => {
    const hanging = await startFakeAimlApi();
    const call = post(textToImage("a kite [fault:hang]"), { target: hanging }).then(
      (res) => res.status,
      () => "closed" as const,
    );
    expect(await Promise.race([call, sleep(300).then(() => "pending")])).toBe("pending");
    expect(hanging.requests()).toMatchObject([{ status: 0 }]);
    await hanging.close();
    expect(await call).toBe("closed");
  });
});

describe("request log and tracing headers", () => {
  it("records valid calls, client ids and the exact input bytes", async () => {
    api.clearRequests();
    const first = await pngDataUrl("#ff0000");
    const second = await pngDataUrl("#0000ff");
    const edit = { model: EDIT, prompt: "make it green", image_urls: [first.url, second.url] };
    const res = await post(edit, { headers: { "x-client-request-id": "job-7:try.1" } });
    expect(res.status).toBe(200);
    await post({ ...edit, image_urls: ["https://example.com/x.png"], foo: 1 }, { key: "wrong" });

    const [recordedEdit, recordedInvalid] = api.requests();
    expect(recordedEdit).toMatchObject({
      path: "/v1/images/generations", clientRequestId: "job-7:try.1", authorized: true, status: 200,
      model: EDIT, prompt: "make it green", openapiValid: true, openapiErrors: [], extraFields: [],
    });
    const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
    expect(recordedEdit?.inputs).toEqual([
      { sha256: sha256(first.bytes), bytes: first.bytes.length, mime: "image/png" },
      { sha256: sha256(second.bytes), bytes: second.bytes.length, mime: "image/png" },
    ]);
    expect(JSON.stringify(recordedEdit?.body)).not.toContain(first.url.slice(30, 80));
    expect(recordedInvalid).toMatchObject({ authorized: false, status: 401, extraFields: ["foo"], inputs: [] });
    expect(recordedInvalid?.body?.image_urls).toEqual([{ kind: "url", url: "https://example.com/x.png" }]);
  });

  it("serves the log over HTTP for Playwright and clears it", async () => {
    await post(textToImage("logged over http"));
    const logged = await (await fetch(`${api.origin}/__fake/requests`)).json();
    expect(logged.at(-1)).toMatchObject({ prompt: "logged over http", status: 200 });
    expect((await fetch(`${api.origin}/__fake/requests`, { method: "DELETE" })).status).toBe(204);
    expect(api.requests()).toEqual([]);
  });

  it("echoes a valid X-Client-Request-Id and silently drops an invalid one", async () => {
    const valid = await post(textToImage(), { headers: { "x-client-request-id": "A-z_0.9:x" } });
    expect(valid.headers.get("x-client-request-id")).toBe("A-z_0.9:x");
    const invalid = await post(textToImage(), { headers: { "x-client-request-id": "has space" } });
    expect(invalid.status).toBe(200);
    expect(invalid.headers.get("x-client-request-id")).toBeNull();
    const tooLong = await post(textToImage(), { headers: { "x-client-request-id": "x".repeat(129) } });
    expect(tooLong.headers.get("x-client-request-id")).toBeNull();
  });
});
