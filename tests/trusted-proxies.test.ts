import { once } from "node:events";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_IN_BODY_MAX_BYTES, studioRequestListener } from "@/server/listener";
import { parseStartOptions } from "@/server/start-options";
import { parseTrustedProxies, resolveClient, TrustedProxiesError, type TrustPolicy } from "@/server/trusted-proxies";

describe("STUDIO_TRUSTED_PROXIES", () => {
  it("trusts nobody by default, a hop count, or a list of ranges", () => {
    for (const none of [undefined, "", " ", "0", "none"]) expect(parseTrustedProxies(none)).toEqual({ kind: "none" });
    expect(parseTrustedProxies("2")).toEqual({ kind: "hops", hops: 2 });
    const ranges = parseTrustedProxies("10.0.0.0/8, ::1, 2001:db8::/32");
    expect(ranges.kind === "ranges" && ranges.ranges.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual([
      "10.0.0.0/8",
      "::1/128",
      "2001:db8::/32",
    ]);
  });

  it("stops start-up with a sentence naming the variable for a bad value", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(TrustedProxiesError);
    expect(() => parseTrustedProxies("proxy.example")).toThrow(/^STUDIO_TRUSTED_PROXIES has "proxy.example"/);
    expect(() => parseTrustedProxies("99")).toThrow("STUDIO_TRUSTED_PROXIES must be at most 16 hops");
  });
});

describe("who the client is", () => {
  const none = parseTrustedProxies(undefined);
  const oneHop = parseTrustedProxies("1");
  const lan = parseTrustedProxies("10.0.0.0/8");

  it("is the socket's address when nobody is trusted, whatever the client wrote", () => {
    expect(resolveClient(none, "203.0.113.5", ["6.6.6.6"])).toEqual({ clientAddress: "203.0.113.5", peerTrusted: false });
    expect(resolveClient(none, "::ffff:203.0.113.5", []).clientAddress).toBe("203.0.113.5");
  });

  it("is what the trusted hops appended, never what the client claimed before them", () => {
    // The client sent "6.6.6.6"; the one trusted proxy appended the address it saw.
    expect(resolveClient(oneHop, "10.0.0.2", ["6.6.6.6", "198.51.100.9"])).toEqual({
      clientAddress: "198.51.100.9",
      peerTrusted: true,
    });
    expect(resolveClient(oneHop, "10.0.0.2", []).clientAddress).toBe("10.0.0.2");
    expect(resolveClient(parseTrustedProxies("2"), "10.0.0.2", ["6.6.6.6", "198.51.100.9", "10.0.0.3"]).clientAddress).toBe(
      "198.51.100.9",
    );
  });

  it("walks past trusted ranges to the first address none of them vouches for", () => {
    expect(resolveClient(lan, "10.0.0.2", ["6.6.6.6", "198.51.100.9", "10.1.1.1"]).clientAddress).toBe("198.51.100.9");
    expect(resolveClient(lan, "203.0.113.5", ["198.51.100.9"])).toEqual({ clientAddress: "203.0.113.5", peerTrusted: false });
    expect(resolveClient(lan, "10.0.0.2", ["<script>", "10.1.1.1"]).clientAddress).toBe("10.1.1.1");
    expect(resolveClient(parseTrustedProxies("::1"), "::1", ["2001:DB8::7"]).clientAddress).toBe("2001:db8::7");
  });
});

describe("the server in front of Next", () => {
  let server: Server;
  let port: number;
  const policy: { current: TrustPolicy } = { current: parseTrustedProxies(undefined) };

  beforeAll(async () => {
    server = createServer((request, response) =>
      studioRequestListener({
        trust: policy.current,
        // A stand-in for Next: it answers with the headers it was given.
        handle: async (seen, answer) => {
          seen.resume();
          await once(seen, "end");
          answer.end(JSON.stringify(seen.headers));
        },
      })(request, response),
    );
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  function send(options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }) {
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const call = httpRequest({ host: "127.0.0.1", port, method: options.method ?? "GET", path: options.path ?? "/", headers: options.headers }, (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      });
      call.on("error", reject);
      call.end(options.body);
    });
  }

  it("replaces a forged X-Forwarded-For, X-Real-IP and X-Forwarded-Proto with what the socket says", async () => {
    policy.current = parseTrustedProxies(undefined);
    const answer = await send({
      headers: { "x-forwarded-for": "6.6.6.6", "x-real-ip": "7.7.7.7", "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" },
    });
    const seen = JSON.parse(answer.text) as Record<string, string | undefined>;
    expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
    expect(seen["x-forwarded-proto"]).toBe("http");
    expect(seen["x-real-ip"]).toBeUndefined();
    expect(seen["x-forwarded-host"]).toBeUndefined();
  });

  it("believes a trusted proxy's last hop and its scheme", async () => {
    policy.current = parseTrustedProxies("127.0.0.1");
    const answer = await send({ headers: { "x-forwarded-for": "6.6.6.6, 198.51.100.9", "x-forwarded-proto": "https" } });
    const seen = JSON.parse(answer.text) as Record<string, string>;
    expect(seen["x-forwarded-for"]).toBe("198.51.100.9");
    expect(seen["x-forwarded-proto"]).toBe("https");
  });

  it("refuses a sign-in body over a few kB, or of no declared length, before reading it", async () => {
    const form = (size: number) => `passcode=${"x".repeat(size)}`;
    const small = await send({ method: "POST", path: "/sign-in", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form(100) });
    expect(small.status).toBe(200);
    const large = await send({ method: "POST", path: "/sign-in", body: form(SIGN_IN_BODY_MAX_BYTES) });
    expect(large).toEqual({ status: 413, text: "That sign-in request is too large." });
    const chunked = await send({ method: "POST", path: "/sign-in?next=/", headers: { "transfer-encoding": "chunked" }, body: form(10) });
    expect(chunked.status).toBe(411);
    // Other routes keep their own limits.
    expect((await send({ method: "POST", path: "/", body: form(SIGN_IN_BODY_MAX_BYTES) })).status).toBe(200);
  });
});

describe("npm start's flags", () => {
  it("reads -p, --port, -H and PORT as next start did", () => {
    expect(parseStartOptions(["-p", "8080"], {})).toEqual({ port: 8080, hostname: undefined });
    expect(parseStartOptions(["--hostname", "127.0.0.1"], { PORT: "4000" })).toEqual({ port: 4000, hostname: "127.0.0.1" });
    expect(parseStartOptions([], {})).toEqual({ port: 3000, hostname: undefined });
    expect(() => parseStartOptions(["-p", "http"], {})).toThrow("The port must be a whole number");
  });
});

describe("the key quotas and the passcode throttle count under", () => {
  it("is an IPv4 address as is, and an IPv6 address's /64", async () => {
    const { clientNetwork } = await import("@/lib/server/http/client-ip");
    const { guesserKeys } = await import("@/lib/server/passcode/sign-in");
    expect(clientNetwork("203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(clientNetwork("2001:db8:1:2::1")).toBe(clientNetwork("2001:db8:1:2:ffff::9"));
    expect(clientNetwork("2001:db8:1:3::1")).not.toBe(clientNetwork("2001:db8:1:2::1"));
    expect(guesserKeys("2001:db8:1:2::5", null)).toEqual(["ip:2001:db8:1:2::/64"]);
  });
});
