import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAimlApi, type FakeAimlApi } from "@/e2e/fake-api/server";
import { createAimlApiEngine } from "@/lib/server/engine/aimlapi";
import { EDIT_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import { expectSeedreamError } from "./support/expect-seedream-error";

/** The AI/ML API engine end to end: the real client, over real HTTP, against the strict fake. */
let fake: FakeAimlApi;
let shortLived: FakeAimlApi;

beforeAll(async () => {
  fake = await startFakeAimlApi({ port: 0, apiKey: "k" });
  shortLived = await startFakeAimlApi({ port: 0, apiKey: "k", urlTtlMs: 1 });
});
afterAll(async () => {
  await fake.close();
  await shortLived.close();
});

const engine = (api: FakeAimlApi = fake) =>
  createAimlApiEngine({ apiKey: "k", baseUrl: api.baseUrl, backoffBaseMs: 10, maxBackoffMs: 1_100 });


describe("the AI/ML API engine against the fake", () => {
  it("downloads URL outputs and hands back checked bytes", async () => {
    const result = await engine().generate({
      model: TEXT_TO_IMAGE_MODEL,
      prompt: "a lighthouse",
      image_size: { width: 1024, height: 2048 },
      num_images: 2,
      seed: 42,
    });
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      expect(image).toMatchObject({ mime: "image/png", width: 1024, height: 2048 });
      expect(await sharp(image.bytes).metadata()).toMatchObject({ format: "png", width: 1024, height: 2048 });
    }
    expect(result.seed).toBe(42);
    expect(result.creditsUsed).toBe(126_000);
    expect(result.requestId).toMatch(/^studio-/);
  });

  it("takes base64 outputs in sync mode without a download", async () => {
    const result = await engine().generate({ model: TEXT_TO_IMAGE_MODEL, prompt: "a kite", sync_mode: true });
    expect(result.images[0]).toMatchObject({ mime: "image/png", width: 1024, height: 1024 });
  });

  it("sends an edit's inputs as the fake receives them, byte for byte", async () => {
    const input = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: "#c03030" } }).png().toBuffer();
    fake.clearRequests();
    await engine().generate({
      model: EDIT_MODEL,
      prompt: "make it black and white",
      image_urls: [`data:image/png;base64,${input.toString("base64")}`],
    });
    const [sent] = fake.requests();
    expect(sent?.inputs?.[0]?.bytes).toBe(input.length);
    expect(sent?.openapiValid).toBe(true);
    expect(sent?.extraFields).toEqual([]);
  });

  it("fails clearly when an output link has already expired", async () => {
    const error = await expectSeedreamError(engine(shortLived).generate({ model: TEXT_TO_IMAGE_MODEL, prompt: "too late" }));
    expect(error.code).toBe("bad_response");
    expect(error.detail).toMatch(/expired/);
  });

  it("rides out two rate limits with the same request id", async () => {
    fake.clearRequests();
    const result = await engine().generate({ model: TEXT_TO_IMAGE_MODEL, prompt: "busy [fault:429x2]" });
    expect(result.images).toHaveLength(1);
    const sent = fake.requests();
    expect(sent.map((call) => call.status)).toEqual([429, 429, 200]);
    expect(new Set(sent.map((call) => call.clientRequestId))).toEqual(new Set([result.requestId]));
  });

  it.each([
    ["[fault:401]", "unauthorized"],
    ["[fault:403]", "out_of_credits"],
    ["[fault:500]", "provider_error"],
    ["[fault:504]", "provider_timeout"],
    ["[fault:safety]", "safety_rejected"],
    ["[fault:nsfw]", "safety_rejected"],
    ["[fault:empty]", "safety_rejected"],
    ["[fault:garbage]", "bad_response"],
  ])("turns %s into %s", async (tag, code) => {
    expect((await expectSeedreamError(engine().generate({ model: TEXT_TO_IMAGE_MODEL, prompt: `x ${tag}` }))).code).toBe(code);
  });
});
