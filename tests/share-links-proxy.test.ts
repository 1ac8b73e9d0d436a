import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEnv } from "@/lib/server/env";

/**
 * What the proxy does with share links (/s/<token>…): no visitor cookie, nothing cached, and on a
 * gated studio the passcode asked for unless STUDIO_SHARE_LINKS_SKIP_PASSCODE is on.
 */
const ORIGIN = "http://studio.test";
const TOKEN = "A".repeat(32);
const IMAGE = "0190a6c4-0000-7000-8000-000000000003";

async function freshProxy(env: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return (await import("@/proxy")).proxy;
}

const get = (path: string) => new NextRequest(`${ORIGIN}${path}`, { headers: { host: "studio.test" } });

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("share links in the proxy", () => {
  it("set no cookie and ask for no-store, while the studio's own pages still get their visitor", async () => {
    const proxy = await freshProxy({ STUDIO_PASSCODE: "" });
    const page = await proxy(get(`/s/${TOKEN}`));
    expect(page.status).toBe(200);
    expect(page.headers.get("set-cookie")).toBeNull();
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self' 'nonce-");
    const image = await proxy(get(`/s/${TOKEN}/images/${IMAGE}`));
    expect(image.headers.get("set-cookie")).toBeNull();
    // The image route sets its own sandboxing policy; the page's would replace it.
    expect(image.headers.get("content-security-policy")).toBeNull();
    expect(image.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await proxy(get("/"))).headers.get("set-cookie")).toMatch(/^studio_visitor=/);
    // The icon a share page shows in its tab mints no visitor either.
    expect((await proxy(get("/icon.svg"))).headers.get("set-cookie")).toBeNull();
  });

  it("on a gated studio send a stranger to sign in by default, and let them through when the setting says so", async () => {
    const gated = { STUDIO_PASSCODE: "share-gate-passcode", STUDIO_SESSION_SECRET: "s".repeat(40) };
    const closed = await freshProxy(gated);
    const refused = await closed(get(`/s/${TOKEN}`));
    expect(refused.status).toBe(307);
    expect(refused.headers.get("location")).toBe(`${ORIGIN}/sign-in?next=${encodeURIComponent(`/s/${TOKEN}`)}`);
    expect((await closed(get(`/s/${TOKEN}/images/${IMAGE}`))).status).toBe(307);

    const open = await freshProxy({ ...gated, STUDIO_SHARE_LINKS_SKIP_PASSCODE: "true" });
    const passed = await open(get(`/s/${TOKEN}`));
    expect(passed.status).toBe(200);
    expect(passed.headers.get("set-cookie")).toBeNull();
    // Only share links: the studio itself stays behind the passcode.
    expect((await open(get("/"))).status).toBe(307);
    expect((await open(get("/api/gallery"))).status).toBe(401);
  });

  it("keep the bypass off unless it is asked for", () => {
    expect(parseEnv({}).STUDIO_SHARE_LINKS_SKIP_PASSCODE).toBe(false);
    expect(parseEnv({ STUDIO_SHARE_LINKS_SKIP_PASSCODE: "true" }).STUDIO_SHARE_LINKS_SKIP_PASSCODE).toBe(true);
    expect(() => parseEnv({ STUDIO_SHARE_LINKS_SKIP_PASSCODE: "yes" })).toThrow("STUDIO_SHARE_LINKS_SKIP_PASSCODE must be true or false");
  });
});
