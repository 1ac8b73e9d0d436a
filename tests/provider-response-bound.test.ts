import { afterEach, describe, expect, it } from "vitest";
import { createSeedreamClient, RESPONSE_MAX_BYTES } from "@/lib/server/seedream/client";
import { NUM_IMAGES_MAX } from "@/lib/shared/seedream/limits";
import { OUTPUT_MAX_BYTES } from "@/lib/server/engine/download-output";
import { expectSeedreamError } from "./support/expect-seedream-error";
import { startScriptedServer, type ScriptedServer } from "./support/scripted-server";

/**
 * The provider's answer is read with a bound: one larger than every output inline at the output
 * size limit is refused as it arrives, declared or not, instead of being held whole.
 */
const REQUEST = { model: "bytedance/seedream-v4-text-to-image", prompt: "a red fox in snow" } as const;
let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the provider's answer", () => {
  it("is bounded by what four inline outputs at the size limit can weigh", () => {
    expect(RESPONSE_MAX_BYTES).toBeGreaterThanOrEqual((NUM_IMAGES_MAX * OUTPUT_MAX_BYTES * 4) / 3);
    expect(RESPONSE_MAX_BYTES).toBeLessThan(300 * 1024 * 1024);
  });

  it("is refused by its declared length", async () => {
    const body = { data: [{ b64_json: "A".repeat(4096) }] };
    server = await startScriptedServer([{ status: 200, body }]);
    const client = createSeedreamClient({ apiKey: "k", baseUrl: `${server.url}/v1`, maxResponseBytes: 1024 });
    const error = await expectSeedreamError(client.generate(REQUEST));
    expect(error).toMatchObject({ code: "bad_response" });
    expect(error.detail).toBe("The provider's answer is larger than 1 MB.");
    expect(server.received).toHaveLength(1);
  });

  it("is cut off while it arrives when no length is declared, and the rest is never read", async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(65));
      },
    });
    const client = createSeedreamClient({
      apiKey: "k",
      baseUrl: "http://provider.invalid/v1",
      maxResponseBytes: 1024 * 1024,
      fetch: async () => new Response(endless, { status: 200, headers: { "content-type": "application/json" } }),
    });
    const error = await expectSeedreamError(client.generate(REQUEST));
    expect(error).toMatchObject({ code: "bad_response" });
    expect(sent).toBeLessThan(4 * 1024 * 1024);
  });
});
