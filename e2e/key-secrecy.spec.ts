import { API_ROUTES } from "@/lib/shared/api-routes";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test, type Request } from "@playwright/test";
import sharp from "sharp";
import { fakeApi } from "./support/fake-api";
import { BUILD_CANARY_KEY, RUNTIME_KEY } from "./support/key-canary";
import { StudioPage } from "./support/studio-page";

/**
 * Whoever has the link must never see the owner's API key: not in the built files the browser
 * loads, not in a page, not in an action's answer, not in a header; and the browser never talks to
 * the provider itself, only the studio's server does.
 */

const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next";
const SECRETS = [BUILD_CANARY_KEY, RUNTIME_KEY];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

test("no built file the browser can load, nor any server output, holds the key", async () => {
  // `npm test` builds with the canary as AIMLAPI_KEY (tests/key-secrecy.test.ts checks that wiring).
  for (const folder of ["static", "server"]) {
    const files = await filesUnder(join(DIST_DIR, folder));
    let scanned = 0;
    const holding: string[] = [];
    for (const file of files) {
      const bytes = await readFile(file);
      scanned += bytes.length;
      for (const secret of SECRETS) if (bytes.includes(secret)) holding.push(`${file} holds ${secret}`);
    }
    expect(holding).toEqual([]);
    // The scan really read the build: client chunks and server bundles, not an empty folder.
    expect(files.filter((file) => file.endsWith(".js")).length, folder).toBeGreaterThan(5);
    expect(scanned, folder).toBeGreaterThan(500_000);
  }
});

test("pages, action answers and headers never carry the key, and the browser only talks to the studio", async ({ page, baseURL }) => {
  await fakeApi.clear(page.request);
  const studioOrigin = new URL(baseURL!).origin;
  const requested: string[] = [];
  const leaks: string[] = [];
  const seen = { pages: 0, actions: 0, reads: 0 };

  page.on("request", (request: Request) => requested.push(request.url()));
  // Every answer passes through here whole: Chromium may drop a body before a listener can read it.
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (!request.url().startsWith(`${studioOrigin}/`)) return route.continue();
    // The event stream never ends, so it cannot be read whole here; it carries the same views the
    // read routes answer with, which are checked below.
    if (new URL(request.url()).pathname === API_ROUTES.events) return route.continue();
    const response = await route.fetch();
    const body = await response.body();
    const where = `${request.method()} ${request.url()}`;
    const headers = JSON.stringify(response.headersArray());
    for (const secret of SECRETS) {
      if (headers.includes(secret)) leaks.push(`${where}: a header holds ${secret}`);
      if (body.includes(secret)) leaks.push(`${where}: the body holds ${secret}`);
    }
    if (request.method() === "POST" && request.headers()["next-action"]) seen.actions += 1;
    if (request.method() === "GET" && new URL(request.url()).pathname.startsWith("/api/")) seen.reads += 1;
    if ((response.headers()["content-type"] ?? "").startsWith("text/html")) seen.pages += 1;
    await route.fulfill({ response, body });
  });

  const studio = new StudioPage(page);
  await studio.goto();
  const card = await studio.generate("A kite over a grey sea");
  const thumbnail = await studio.expectResult(card);

  await thumbnail.click();
  const viewer = page.getByRole("dialog", { name: "A kite over a grey sea" });
  await expect(viewer.getByRole("img", { name: /^Result 1 of/ })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(viewer).toHaveCount(0);

  const png = await sharp({ create: { width: 80, height: 60, channels: 3, background: "#258" } }).png().toBuffer();
  await studio.addImages([{ name: "kite-sketch.png", mimeType: "image/png", buffer: png }]);
  await expect(page.getByRole("article", { name: "Upload: kite-sketch.png" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("article", { name: "Upload: kite-sketch.png" })).toBeVisible();
  // Let answers still in flight finish their check, and route nothing after the test ends: a handler
  // left running would read a disposed response in the next test.
  await page.unrouteAll({ behavior: "wait" });

  expect(leaks).toEqual([]);
  expect(seen.pages, "pages were checked").toBeGreaterThanOrEqual(2);
  expect(seen.actions, "action answers were checked").toBeGreaterThanOrEqual(1);
  expect(seen.reads, "read route answers were checked").toBeGreaterThanOrEqual(2);

  // Every request went to the studio itself (or stayed in the browser); none to the provider.
  const elsewhere = requested.filter((url) => !url.startsWith(`${studioOrigin}/`) && !/^(data|blob):/.test(url));
  expect(elsewhere).toEqual([]);
  const provider = `http://127.0.0.1:${4010 + Number(process.env.E2E_PORT_OFFSET ?? 0)}`;
  expect(requested.some((url) => url.startsWith(provider))).toBe(false);

  // The key was in use all along: the server called the provider with it, on the browser's behalf.
  const calls = await fakeApi.requests(page.request);
  expect(calls.map((call) => ({ prompt: call.prompt, authorized: call.authorized }))).toEqual([
    { prompt: "A kite over a grey sea", authorized: true },
  ]);
});
