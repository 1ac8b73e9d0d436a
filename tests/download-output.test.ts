import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadOutput } from "@/lib/server/engine/download-output";
import { expectSeedreamError } from "./support/expect-seedream-error";

/** A loopback server with one route per situation an output link can be in. */
let server: Server;
let origin: string;
const payload = Buffer.from("pretend these are image bytes");
const bomb = gzipSync(Buffer.alloc(1024 * 1024));

beforeAll(async () => {
  server = createServer((req, res) => {
    switch (req.url) {
      case "/ok":
        res.writeHead(200, { "content-type": "image/png" }).end(payload);
        break;
      case "/same-host-redirect":
        res.writeHead(302, { location: "/ok" }).end();
        break;
      case "/other-host-redirect":
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end();
        break;
      case "/loop":
        res.writeHead(302, { location: "/loop" }).end();
        break;
      case "/expired":
        res.writeHead(404).end("gone");
        break;
      case "/big-declared":
        res.writeHead(200, { "content-length": String(2048) }).end(Buffer.alloc(2048));
        break;
      case "/big-streamed":
        res.writeHead(200);
        for (let i = 0; i < 8; i++) res.write(Buffer.alloc(512));
        res.end();
        break;
      case "/gzip-bomb":
        // 1 kB on the wire that decodes to 1 MB: the declared length bounds only the wire.
        res.writeHead(200, { "content-encoding": "gzip", "content-length": String(bomb.length) }).end(bomb);
        break;
      case "/cut-short":
        res.writeHead(200, { "content-length": String(4096) });
        res.write(Buffer.alloc(1000), () => res.destroy());
        break;
      case "/hang":
        break;
      default:
        res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});


describe("downloading an output link", () => {
  it("returns the bytes", async () => {
    expect(await downloadOutput(`${origin}/ok`)).toEqual(payload);
  });

  it("follows a redirect on the same host", async () => {
    expect(await downloadOutput(`${origin}/same-host-redirect`)).toEqual(payload);
  });

  it("refuses a redirect to another host", async () => {
    const error = await expectSeedreamError(downloadOutput(`${origin}/other-host-redirect`));
    expect(error.code).toBe("bad_response");
    expect(error.detail).toMatch(/another host/);
  });

  it("stops a redirect loop", async () => {
    expect((await expectSeedreamError(downloadOutput(`${origin}/loop`))).detail).toMatch(/too many/);
  });

  it("says clearly when the link has expired", async () => {
    const error = await expectSeedreamError(downloadOutput(`${origin}/expired`));
    expect(error.code).toBe("bad_response");
    expect(error.detail).toMatch(/HTTP 404.*expired/);
  });

  it("refuses a body over the bound, whether declared or streamed", async () => {
    expect((await expectSeedreamError(downloadOutput(`${origin}/big-declared`, { maxBytes: 1024 }))).detail).toMatch(/larger than/);
    expect((await expectSeedreamError(downloadOutput(`${origin}/big-streamed`, { maxBytes: 1024 }))).detail).toMatch(/larger than/);
  });

  it("bounds a compressed body by its decoded bytes, not its declared length", async () => {
    expect(bomb.length).toBeLessThan(2048);
    expect((await expectSeedreamError(downloadOutput(`${origin}/gzip-bomb`, { maxBytes: 64 * 1024 }))).detail).toMatch(/larger than/);
  });

  it("refuses a body cut short of its declared length", async () => {
    const error = await expectSeedreamError(downloadOutput(`${origin}/cut-short`));
    expect(["network", "bad_response"]).toContain(error.code);
  });

  it("gives up after its time bound", async () => {
    const started = Date.now();
    expect((await expectSeedreamError(downloadOutput(`${origin}/hang`, { timeoutMs: 300 }))).code).toBe("provider_timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("stops when the generation is canceled", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect((await expectSeedreamError(downloadOutput(`${origin}/hang`, { signal: controller.signal }))).code).toBe("canceled");
  });

  it.each(["file:///etc/passwd", "ftp://example.com/a.png", "not a url"])("fetches only http(s): %s", async (url) => {
    expect((await expectSeedreamError(downloadOutput(url))).code).toBe("bad_response");
  });
});
