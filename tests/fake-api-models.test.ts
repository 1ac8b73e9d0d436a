import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAimlApi, type FakeAimlApi } from "@/e2e/fake-api/server";
import { createSeedreamClient } from "@/lib/server/seedream/client";
import { SEEDREAM_4_5_MODEL, SEEDREAM_5_0_LITE_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";

/** The fake AI/ML API speaks each model's own contract: its schema on the way in, its shape on the way out. */
let api: FakeAimlApi;

beforeAll(async () => {
  api = await startFakeAimlApi({ port: 0 });
});
afterAll(() => api?.close());

function post(body: unknown): Promise<Response> {
  return fetch(`${api.origin}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer test-key" },
    body: JSON.stringify(body),
  });
}

describe("Seedream 4.5 and 5.0 Lite on the fake", () => {
  it("answers 4.5 in its own shape: data[] with url and size, credits_used, no images or seed", async () => {
    const response = await post({ model: SEEDREAM_4_5_MODEL, prompt: "a red kite", image_size: "2K", seed: 9 });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(["data", "meta"]);
    expect(body.meta).toEqual({ usage: { credits_used: 84_000 } });
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toEqual({ url: expect.stringMatching(/\/files\//), size: "2048x2048" });
    const file = Buffer.from(await (await fetch(body.data[0].url)).arrayBuffer());
    expect(await sharp(file).metadata()).toMatchObject({ format: "png", width: 2048, height: 2048 });
  });

  it("inlines base64 for response_format b64_json, at 5.0 Lite's price", async () => {
    const body = await (
      await post({ model: SEEDREAM_5_0_LITE_MODEL, prompt: "a paper boat", image_size: { width: 1440, height: 2560 }, response_format: "b64_json" })
    ).json();
    expect(body.meta.usage.credits_used).toBe(91_000);
    expect(body.data[0].size).toBe("1440x2560");
    expect(await sharp(Buffer.from(body.data[0].b64_json, "base64")).metadata()).toMatchObject({ width: 1440, height: 2560 });
  });

  it.each([
    ["num_images on 4.5", { model: SEEDREAM_4_5_MODEL, prompt: "x", num_images: 2 }, /num_images/],
    ["the safety checker on 5.0 Lite", { model: SEEDREAM_5_0_LITE_MODEL, prompt: "x", enable_safety_checker: true }, /enable_safety_checker/],
    ["a v4 preset on 4.5", { model: SEEDREAM_4_5_MODEL, prompt: "x", image_size: "square_hd" }, /image_size/],
    ["1440 × 1440 on 4.5", { model: SEEDREAM_4_5_MODEL, prompt: "x", image_size: { width: 1440, height: 1440 } }, /image_size/],
    ["2K on v4", { model: TEXT_TO_IMAGE_MODEL, prompt: "x", image_size: "2K" }, /image_size/],
    ["watermark on v4", { model: TEXT_TO_IMAGE_MODEL, prompt: "x", watermark: true }, /watermark/],
  ])("refuses %s with 400", async (_, request, detail) => {
    const response = await post(request);
    expect(response.status).toBe(400);
    expect((await response.json()).message).toMatch(detail);
  });

  it("is read by the studio's client: one output, the credits, and no seed", async () => {
    const client = createSeedreamClient({ apiKey: "test-key", baseUrl: `${api.origin}/v1` });
    const result = await client.generate({ model: SEEDREAM_5_0_LITE_MODEL, prompt: "a lighthouse", seed: 5 });
    expect(result.outputs).toHaveLength(1);
    expect(result.outputs[0]?.kind).toBe("url");
    expect(result.seed).toBeUndefined();
    expect(result.creditsUsed).toBe(91_000);
  });
});
