import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeAimlApi, type FakeAimlApi } from "@/e2e/fake-api/server";

let api: FakeAimlApi;
beforeAll(async () => {
  api = await startFakeAimlApi({ port: 0 });
});
afterAll(() => api?.close());

const call = (prompt: string) =>
  fetch(`${api.origin}/v1/images/generations`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer test-key" },
    body: JSON.stringify({ model: "bytedance/seedream-v4-text-to-image", prompt, image_size: "square" }),
  });

describe("[fault:500once]", () => {
  it("fails only the first call with its prompt, so one job of a batch fails and its retry succeeds", async () => {
    const statuses = [];
    for (let index = 0; index < 3; index += 1) statuses.push((await call("a kite [fault:500once]")).status);
    expect(statuses).toEqual([500, 200, 200]);
    // Another prompt has its own first call.
    expect((await call("a boat [fault:500once]")).status).toBe(500);
  });
});
