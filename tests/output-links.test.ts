import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadOutput } from "@/lib/server/engine/download-output";
import { outputLinkPolicy } from "@/lib/server/engine/output-link-policy";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";

/**
 * In production the server fetches only https output links on public addresses; loopback only
 * when the provider itself is on loopback (a local fake), never a private or link-local address.
 */
const PRODUCTION = outputLinkPolicy("https://api.aimlapi.com/v1", true);
const LOCAL_FAKE = outputLinkPolicy("http://127.0.0.1:4010/v1", true);

let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/to-private") {
      response.writeHead(302, { location: "https://10.0.0.7/x.png" }).end();
      return;
    }
    response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from("png bytes"));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function refusal(url: string, links = PRODUCTION): Promise<string> {
  const error = await downloadOutput(url, { links }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SeedreamError);
  return (error as SeedreamError).detail ?? "";
}

describe("output links in production", () => {
  it("must be https", async () => {
    expect(await refusal(`${origin}/x.png`)).toBe("Output links must be https here.");
  });

  it("must not point at loopback, private, link-local or unspecified addresses, by number or by name", async () => {
    expect(await refusal("https://127.0.0.1/x.png")).toMatch(/loopback address/);
    expect(await refusal("https://localhost/x.png")).toMatch(/loopback address/);
    expect(await refusal("https://10.1.2.3/x.png")).toMatch(/private address/);
    expect(await refusal("https://169.254.169.254/latest/meta-data")).toMatch(/linkLocal address/);
    expect(await refusal("https://[::1]/x.png")).toMatch(/loopback address/);
    expect(await refusal("https://[::ffff:192.168.1.1]/x.png")).toMatch(/private address/);
    expect(await refusal("https://0.0.0.0/x.png")).toMatch(/unspecified address/);
  });

  it("allow loopback, over http too, only when the provider itself is on loopback; redirects are checked again", async () => {
    expect((await downloadOutput(`${origin}/x.png`, { links: LOCAL_FAKE })).toString()).toBe("png bytes");
    expect(await refusal(`${origin}/to-private`, LOCAL_FAKE)).toMatch(/another host|private address/);
    expect(await refusal("https://10.1.2.3/x.png", LOCAL_FAKE)).toMatch(/private address/);
  });

  it("are not limited outside production", async () => {
    expect((await downloadOutput(`${origin}/x.png`, { links: outputLinkPolicy("https://api.aimlapi.com/v1", false) })).toString()).toBe(
      "png bytes",
    );
  });
});
