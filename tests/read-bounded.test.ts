import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { readBounded } from "@/lib/shared/read-bounded";

/**
 * Provider answers and output downloads are read with a bound, over real HTTP on loopback. Outputs
 * are tens of MB at 4096², and several jobs read theirs at once: a body must not be held twice.
 */
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
const MB = 2 ** 20;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Serves `answer` for every request; the URL to fetch it from. */
async function serve(answer: (response: ServerResponse) => void): Promise<string> {
  server = createServer((_, response) => answer(response));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** `blocks` MiB of `fill`, written as the socket drains. */
function writeBlocks(response: ServerResponse, blocks: number, fill: number): void {
  const block = Buffer.alloc(MB, fill);
  let written = 0;
  const more = () => {
    while (written < blocks) {
      written += 1;
      if (!response.write(block)) return void response.once("drain", more);
    }
    response.end();
  };
  more();
}

const kib = (field: "VmHWM" | "VmRSS") => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync("/proc/self/status", "utf8"))?.[1]) * 1024;

describe("a body read with a bound", () => {
  it("with a declared length is held once while it arrives, not again in a final copy (Linux peak RSS)", async () => {
    const blocks = 128;
    const url = await serve((response) => {
      response.writeHead(200, { "content-length": String(blocks * MB) });
      writeBlocks(response, blocks, 7);
    });
    collectGarbage();
    writeFileSync("/proc/self/clear_refs", "5");
    const before = kib("VmRSS");
    const response = await fetch(url);
    const bytes = await readBounded(response.body!, 200 * MB, Number(response.headers.get("content-length")));
    const peak = kib("VmHWM") - before;

    expect(bytes?.byteLength).toBe(blocks * MB);
    expect(bytes?.[blocks * MB - 1]).toBe(7);
    // Chunks kept until a final copy would make this at least twice the body.
    expect(peak).toBeLessThan(1.75 * blocks * MB);
  });

  it("grows past a declared length that was the compressed size, and keeps it no larger than the body", async () => {
    const body = Buffer.alloc(5 * MB + 123, 42);
    const compressed = gzipSync(body);
    const url = await serve((response) => {
      response.writeHead(200, { "content-length": String(compressed.length), "content-encoding": "gzip" });
      response.end(compressed);
    });
    const response = await fetch(url);
    const bytes = await readBounded(response.body!, 10 * MB, Number(response.headers.get("content-length")));

    expect(compressed.length).toBeLessThan(body.length / 100);
    expect(bytes && Buffer.from(bytes).equals(body)).toBe(true);
    expect(bytes!.buffer.byteLength - bytes!.byteLength).toBeLessThanOrEqual(64 * 1024);
  });

  it("is refused once it passes the bound, declared length or not", async () => {
    const compressed = gzipSync(Buffer.alloc(3 * MB, 1));
    const url = await serve((response) => {
      response.writeHead(200, { "content-length": String(compressed.length), "content-encoding": "gzip" });
      response.end(compressed);
    });
    const declared = await fetch(url);
    expect(await readBounded(declared.body!, 2 * MB, Number(declared.headers.get("content-length")))).toBeNull();
    const undeclared = await fetch(url);
    expect(await readBounded(undeclared.body!, 2 * MB)).toBeNull();
  });

  it("without a declared length arrives whole, kept at its own size", async () => {
    const url = await serve((response) => {
      response.writeHead(200, { "transfer-encoding": "chunked" });
      writeBlocks(response, 3, 9);
    });
    const response = await fetch(url);
    const bytes = await readBounded(response.body!, 10 * MB);

    expect(bytes?.byteLength).toBe(3 * MB);
    expect(bytes!.every((value) => value === 9)).toBe(true);
    expect(bytes!.buffer.byteLength - bytes!.byteLength).toBeLessThanOrEqual(64 * 1024);
  });
});
