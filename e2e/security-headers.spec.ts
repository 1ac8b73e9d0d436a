import { expect, test, type APIResponse, type Response } from "@playwright/test";
import { StudioPage } from "./support/studio-page";

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

function expectCommonHeaders(response: Response | APIResponse): void {
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // The studio's own pages may use the camera ("Take photo"); nothing else may.
  expect(headers["permissions-policy"]).toMatch(/(^|, )camera=\(self\)(,|$)/);
  expect(headers["permissions-policy"]).toContain("microphone=()");
  expect(headers["permissions-policy"]).toContain("geolocation=()");
  expect(headers["x-frame-options"]).toBe("DENY");
}

test("the page runs under a strict CSP whose nonce is on every script, with no violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
  });
  // Init scripts are injected by the browser's debugging protocol, so the page's CSP does not block them.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.cspViolations!.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`);
    });
  });

  const response = (await page.goto("/"))!;
  const policy = response.headers()["content-security-policy"] ?? "";
  expect(policy).not.toContain("unsafe-eval");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'self'");
  expectCommonHeaders(response);
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(policy)?.[1] ?? "";
  expect(nonce).not.toBe("");

  // Every script tag Next or we wrote (the theme script in <head> included) carries this request's nonce.
  const html = await response.text();
  const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(1);
  for (const tag of scriptTags) expect(tag).toContain(`nonce="${nonce}"`);
  expect(html).toMatch(new RegExp(`<head>.*<script nonce="${nonce.replace(/[+/=]/g, "\\$&")}">\\(function\\(\\)\\{try\\{var t=localStorage`, "s"));
  // Browsers hide the attribute once applied but keep the property. Chunks loaded later by Next's own
  // scripts need none ('strict-dynamic'); every inline script must have it.
  const inlineNonces = await page
    .locator("script:not([src])")
    .evaluateAll((scripts) => scripts.map((script) => (script as HTMLScriptElement).nonce));
  expect(inlineNonces.length).toBeGreaterThan(1);
  expect(new Set(inlineNonces)).toEqual(new Set([nonce]));

  const studio = new StudioPage(page);
  await expect(studio.prompt).toBeVisible();
  await studio.expectResult(await studio.generate("a lantern under a strict policy"));

  // A second request gets a fresh nonce.
  const again = (await page.request.get("/")).headers()["content-security-policy"];
  expect(again).not.toContain(`'nonce-${nonce}'`);

  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  expect(violations).toEqual([]);
});

test("image responses carry the stored type, a sandboxing CSP and the common headers; other methods are refused", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const image = await studio.original(await studio.generate("a picture to check the headers of"));

  for (const url of [image.url, `${image.url}/thumbnail`]) {
    const response = await page.request.get(url);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^image\/(png|jpeg|webp)$/);
    expect(response.headers()["content-security-policy"]).toBe("default-src 'none'; sandbox");
    expect(response.headers()["content-disposition"]).toMatch(/^inline; filename="seedream-[0-9a-f]{8}(-thumbnail)?\.(png|jpg|webp)"$/);
    expectCommonHeaders(response);
  }
  expect((await page.request.get(image.url)).headers()["content-type"]).toBe(`image/${image.format === "jpeg" ? "jpeg" : image.format}`);

  for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
    const response = await page.request.fetch(image.url, { method, data: "x" });
    expect(response.status(), method).toBe(405);
  }
});

test("built assets carry the common headers too", async ({ page }) => {
  const response = (await page.goto("/"))!;
  const asset = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(await response.text())?.[1];
  expect(asset).toBeTruthy();
  expectCommonHeaders(await page.request.get(asset!));
});
