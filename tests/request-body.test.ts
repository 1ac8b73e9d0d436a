import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createSeedreamClient } from "@/lib/server/seedream/client";
import { inputImages, type InputImage } from "@/lib/server/seedream/input-images";
import { requestBody } from "@/lib/server/seedream/request-body";
import { expectSeedreamError } from "./support/expect-seedream-error";
import { startScriptedServer, type ScriptedServer } from "./support/scripted-server";

/**
 * An edit's body is streamed: each input's data URL is base64-encoded as it is read, so a job
 * never holds an input whole, and every try opens the inputs again.
 */
function storedInput(bytes: Buffer, chunkBytes: number, opened: { count: number }): InputImage {
  return {
    mime: "image/png",
    size: bytes.length,
    async open() {
      opened.count += 1;
      const chunks = Array.from({ length: Math.ceil(bytes.length / chunkBytes) }, (_, index) => bytes.subarray(index * chunkBytes, (index + 1) * chunkBytes));
      return Readable.from(chunks);
    },
  };
}

async function text(body: string | ReadableStream<Uint8Array>): Promise<string> {
  if (typeof body === "string") return body;
  return Buffer.from(await new Response(body).arrayBuffer()).toString("utf8");
}

describe("a streamed request body", () => {
  it("is the JSON with real data URLs, of the length it announces, opened afresh for every try", async () => {
    const opened = { count: 0 };
    // Sizes that leave 0, 1 and 2 bytes over a 3-byte group, read in chunks that split those groups.
    const images = [1000, 1001, 1002].map((size, index) => Buffer.alloc(size, index + 7).fill(index * 31, 0, Math.floor(size / 2)));
    const inputs = inputImages(images.map((bytes, index) => storedInput(bytes, 7 + index * 64, opened)));
    const request = { model: "bytedance/seedream-v4-edit", prompt: "swap them", image_urls: inputs.references };
    const expected = JSON.stringify({ ...request, image_urls: images.map((bytes) => `data:image/png;base64,${bytes.toString("base64")}`) });

    const body = requestBody(request, inputs);
    expect(body.length).toBe(Buffer.byteLength(expected));
    expect(await text(body.open())).toBe(expected);
    expect(await text(body.open())).toBe(expected);
    expect(opened.count).toBe(6);
  });

  it("encodes inputs read in chunks of one to five bytes, across every 3-byte group boundary", async () => {
    for (const chunkBytes of [1, 2, 3, 4, 5]) {
      const images = [10, 11, 12].map((size) => Buffer.from(Array.from({ length: size }, (_, index) => (index * 37 + size) % 256)));
      const inputs = inputImages(images.map((bytes) => storedInput(bytes, chunkBytes, { count: 0 })));
      const request = { model: "bytedance/seedream-v4-edit", prompt: "small reads", image_urls: inputs.references };
      const expected = JSON.stringify({ ...request, image_urls: images.map((bytes) => `data:image/png;base64,${bytes.toString("base64")}`) });
      expect(await text(requestBody(request, inputs).open())).toBe(expected);
    }
  });

  it("puts each of 14 inputs in its own place: no stand-in is the start of another", async () => {
    const opened = { count: 0 };
    const images = Array.from({ length: 14 }, (_, index) => Buffer.alloc(30 + index, index + 1));
    const inputs = inputImages(images.map((bytes) => storedInput(bytes, 16, opened)));
    const request = { model: "bytedance/seedream-4-5", prompt: "all of them", image_urls: inputs.references };
    const expected = JSON.stringify({ ...request, image_urls: images.map((bytes) => `data:image/png;base64,${bytes.toString("base64")}`) });

    const body = requestBody(request, inputs);
    expect(await text(body.open())).toBe(expected);
    expect(body.length).toBe(Buffer.byteLength(expected));
  });

  it("stays plain JSON when the request names no stored input", async () => {
    const request = { model: "bytedance/seedream-v4-edit", prompt: "as sent", image_urls: ["data:image/png;base64,AA=="] };
    const body = requestBody(request, inputImages([]));
    expect(body.open()).toBe(JSON.stringify(request));
  });

  it("fails rather than send an input whose size is not the one the length was counted from", async () => {
    const inputs = inputImages([{ ...storedInput(Buffer.alloc(10), 4, { count: 0 }), size: 12 }]);
    const body = requestBody({ image_urls: inputs.references }, inputs);
    await expect(text(body.open())).rejects.toThrow(/10 bytes, not the 12/);
  });
});

describe("an edit sent by the client", () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("sends every stored input again, whole and with its length, on the try after a 429", async () => {
    server = await startScriptedServer([
      { status: 429, body: { message: "Too Many Requests", statusCode: 429 } },
      { status: 200, body: { data: [{ url: "https://cdn.example.com/out.png" }] } },
    ]);
    const opened = { count: 0 };
    const bytes = Buffer.from(Array.from({ length: 200_003 }, (_, index) => (index * 7) % 256));
    const inputs = inputImages([storedInput(bytes, 65_536, opened)]);
    const client = createSeedreamClient({ apiKey: "test-key", baseUrl: `${server.url}/v1`, backoffBaseMs: 10 });
    const result = await client.generate({ model: "bytedance/seedream-v4-edit", prompt: "keep it", image_urls: inputs.references }, { inputs });

    expect(result.attempts).toBe(2);
    expect(opened.count).toBe(2);
    for (const sent of server.received) {
      expect(sent.json).toMatchObject({ image_urls: [`data:image/png;base64,${bytes.toString("base64")}`] });
      expect(Number(sent.headers["content-length"])).toBe(Buffer.byteLength(JSON.stringify(sent.json)));
    }
  });

  it("is refused, not sent again or turned into a GET, when the provider redirects it", async () => {
    server = await startScriptedServer([{ status: 302, headers: { location: "/v1/elsewhere" } }]);
    const opened = { count: 0 };
    const inputs = inputImages([storedInput(Buffer.alloc(3_000, 9), 1_024, opened)]);
    const client = createSeedreamClient({ apiKey: "test-key", baseUrl: `${server.url}/v1`, backoffBaseMs: 10 });
    const call = client.generate({ model: "bytedance/seedream-v4-edit", prompt: "keep it", image_urls: inputs.references }, { inputs });

    const error = await expectSeedreamError(call);
    expect(error.code).toBe("network");
    expect(error.detail).toMatch(/redirect/);
    expect(server.received.map((request) => request.path)).toEqual(["/v1/images/generations"]);
  });
});
