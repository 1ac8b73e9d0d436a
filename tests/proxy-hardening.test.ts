import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { ACTION_TEXT_BODY_MAX_BYTES, proxy } from "@/proxy";

/**
 * The proxy's answers as Next would get them. The forwarding headers here are what `npm start`'s
 * server (server/forwarded-headers.ts) leaves after checking STUDIO_TRUSTED_PROXIES.
 */
const ORIGIN = "http://studio.test";

function action(body: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`${ORIGIN}/`, {
    method: "POST",
    body,
    headers: { host: "studio.test", "next-action": "a".repeat(42), "content-type": "text/plain;charset=UTF-8", ...headers },
  });
}

describe("HSTS", () => {
  it("is sent when the client came over https, and not over plain http", async () => {
    const secure = await proxy(new NextRequest(`${ORIGIN}/`, { headers: { "x-forwarded-proto": "https" } }));
    expect(secure.headers.get("strict-transport-security")).toBe("max-age=31536000");
    const plain = await proxy(new NextRequest(`${ORIGIN}/`, { headers: { "x-forwarded-proto": "http" } }));
    expect(plain.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("an action called from another site", () => {
  it("answers 403 with a sentence, not Next's 500", async () => {
    const foreign = await proxy(action("[]", { origin: "https://evil.example" }));
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toBe("Requests from another site are not accepted.");
    expect((await proxy(action("[]", { origin: "null" }))).status).toBe(403);
  });

  it("passes from this site, or from a client that sends no Origin", async () => {
    expect((await proxy(action("[]", { origin: ORIGIN }))).status).toBe(200);
    expect((await proxy(action("[]"))).status).toBe(200);
  });
});

describe("an action's text body", () => {
  it("is refused by its declared length before it is read, and cut off when undeclared", async () => {
    const large = "[" + '"x",'.repeat(ACTION_TEXT_BODY_MAX_BYTES / 4) + '"x"]';
    const declared = await proxy(action(large, { "content-length": String(large.length) }));
    expect(declared.status).toBe(413);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(large));
        controller.close();
      },
    });
    // A body with no declared length, as a chunked upload sends it.
    const streamed = new NextRequest(
      new Request(`${ORIGIN}/`, { method: "POST", headers: { host: "studio.test", "next-action": "a".repeat(42) }, body, duplex: "half" } as RequestInit),
    );
    expect((await proxy(streamed)).status).toBe(413);
    expect((await proxy(action('["ok"]'))).status).toBe(200);
    expect((await proxy(action("{}"))).status).toBe(400);
  });
});
