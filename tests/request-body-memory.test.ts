import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { createSeedreamClient } from "@/lib/server/seedream/client";
import { inputImages } from "@/lib/server/seedream/input-images";

/**
 * While the provider works on an edit (seconds to minutes), the client must not keep what it has
 * already sent: four edits of ten large photos would otherwise hold every input's base64 at once.
 */
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const INPUT_BYTES = 48 * 2 ** 20;

/** A provider on loopback that reads and drops the body, then answers only when the test says so. */
async function slowProvider(): Promise<{ server: Server; url: string; bodyArrived: Promise<number>; answer: () => void }> {
  let arrived!: (bytes: number) => void;
  let release!: () => void;
  const bodyArrived = new Promise<number>((resolve) => (arrived = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = createServer((request, response) => {
    let bytes = 0;
    request.on("data", (chunk: Buffer) => (bytes += chunk.length));
    request.on("end", () => {
      arrived(bytes);
      void released.then(() => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ data: [{ url: "https://cdn.example.com/out.png" }] }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodyArrived, answer: release };
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe("an edit waiting for the provider's answer", () => {
  it("holds none of the inputs it has already sent", async () => {
    const dir = await mkdtemp(join(tmpdir(), "studio-request-memory-"));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, "input.png");
    await writeFile(path, randomBytes(INPUT_BYTES));
    const provider = await slowProvider();
    cleanup.push(() => new Promise((resolve) => provider.server.close(() => resolve())));
    provider.server.on("close", () => provider.answer());

    const inputs = inputImages([{ mime: "image/png", size: INPUT_BYTES, open: async () => createReadStream(path) }]);
    const client = createSeedreamClient({ apiKey: "test-key", baseUrl: `${provider.url}/v1` });
    collectGarbage();
    const before = process.memoryUsage().arrayBuffers;
    const call = client.generate({ model: "bytedance/seedream-v4-edit", prompt: "keep it", image_urls: inputs.references }, { inputs });

    expect(await provider.bodyArrived).toBeGreaterThan((INPUT_BYTES * 4) / 3);
    collectGarbage();
    const heldWhileWaiting = process.memoryUsage().arrayBuffers - before;
    provider.answer();
    expect((await call).outputs).toEqual([{ kind: "url", url: "https://cdn.example.com/out.png" }]);
    // The base64 sent is 64 MB; a few read chunks in flight are all that may remain.
    expect(heldWhileWaiting).toBeLessThan(8 * 2 ** 20);
  });
});
