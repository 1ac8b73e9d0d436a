import { expect, test, type APIRequestContext } from "@playwright/test";
import sharp from "sharp";
import { API_ROUTES, galleryPath, generationsPath } from "@/lib/shared/api-routes";
import type { ActionResult } from "@/lib/shared/errors";
import type { GalleryPageView, GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { StudioPage } from "./support/studio-page";

/**
 * The reads are GET routes with cache headers a browser and any proxy in between can act on, and
 * uploads stream to their own route; checked over real HTTP against the built studio.
 */

async function get(request: APIRequestContext, path: string, headers: Record<string, string> = {}) {
  const response = await request.get(path, { headers, maxRedirects: 0 });
  return { status: response.status(), headers: response.headers(), text: await response.text() };
}

async function uploadPng(request: APIRequestContext, name: string, colour: string): Promise<ImageView> {
  const form = new FormData();
  const png = await sharp({ create: { width: 80, height: 60, channels: 3, background: colour } }).png().toBuffer();
  form.append("files", new Blob([new Uint8Array(png)], { type: "image/png" }), name);
  const response = await request.post(API_ROUTES.uploads, { multipart: form });
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("private, no-store");
  expect(response.headers()["x-frame-options"]).toBe("DENY");
  const result = (await response.json()) as ActionResult<ImageView[]>;
  if (!result.ok) throw new Error(result.error.message);
  return result.value[0]!;
}

test("gallery pages and lineage are revalidated by a strong ETag and answer 304 while unchanged", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const { request } = page;
  const first = await uploadPng(request, "etag-one.png", "#c84");

  for (const path of [galleryPath({ limit: 10 }), API_ROUTES.lineage(first.id)]) {
    const fresh = await get(request, path);
    expect(fresh.status, path).toBe(200);
    expect(fresh.headers["cache-control"], path).toBe("private, no-cache");
    expect(fresh.headers["content-type"], path).toMatch(/^application\/json/);
    const etag = fresh.headers["etag"]!;
    expect(etag, path).toMatch(/^"[A-Za-z0-9_-]{43}"$/);

    const unchanged = await get(request, path, { "if-none-match": etag });
    expect(unchanged.status, path).toBe(304);
    expect(unchanged.text, path).toBe("");
    expect(unchanged.headers["etag"], path).toBe(etag);
    expect((await get(request, path, { "if-none-match": `W/${etag}, "other"` })).status, `${path}: a weak or other tag`).toBe(200);
  }

  // A change makes the old tag stale: the gallery answers whole again, with a new tag.
  const before = await get(request, galleryPath({ limit: 10 }));
  await uploadPng(request, "etag-two.png", "#48c");
  const after = await get(request, galleryPath({ limit: 10 }), { "if-none-match": before.headers["etag"]! });
  expect(after.status).toBe(200);
  expect(after.headers["etag"]).not.toBe(before.headers["etag"]);
  const listed = (JSON.parse(after.text) as ActionResult<GalleryPageView>) as { ok: true; value: GalleryPageView };
  expect(listed.value.items[0]).toMatchObject({ kind: "upload", image: { fileName: "etag-two.png" } });
});

test("job status and the ledger are never stored", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  for (const path of [generationsPath(["00000000-0000-4000-8000-000000000000"]), API_ROUTES.ledger]) {
    const answer = await get(page.request, path);
    expect(answer.status, path).toBe(200);
    expect(answer.headers["cache-control"], path).toBe("private, no-store");
    expect(answer.headers["etag"], path).toBeUndefined();
  }
  // Refusals are never stored either, whatever the route's policy for answers.
  const refused = await get(page.request, galleryPath({ limit: 0 }));
  expect(refused.status).toBe(400);
  expect(refused.headers["cache-control"]).toBe("private, no-store");
});

test("another visitor's image has the same lineage answer as one that never existed", async ({ browser, page }) => {
  await new StudioPage(page).goto();
  const mine = await uploadPng(page.request, "mine.png", "#8c4");
  const other = await browser.newContext();
  try {
    const otherPage = await other.newPage();
    await new StudioPage(otherPage).goto();
    const theirs = await get(otherPage.request, API_ROUTES.lineage(mine.id));
    const nobody = await get(otherPage.request, API_ROUTES.lineage("00000000-0000-4000-8000-000000000000"));
    expect(theirs.status).toBe(404);
    expect(theirs.text).toBe(nobody.text);
    const polled = JSON.parse((await get(otherPage.request, generationsPath([mine.id]))).text) as ActionResult<GenerationView[]>;
    expect(polled).toEqual({ ok: true, value: [] });
  } finally {
    await other.close();
  }
});

test("the page reads through GET routes and the event stream, and uploads to the upload route, never through an action", async ({ page }) => {
  const studio = new StudioPage(page);
  const reads: string[] = [];
  const actions: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (request.headers()["next-action"]) actions.push(request.postData()?.slice(0, 40) ?? "");
    else if (pathname.startsWith("/api/") && !pathname.startsWith("/api/images/")) reads.push(`${request.method()} ${pathname}`);
  });
  await studio.goto();
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#a4c" } }).png().toBuffer();
  await studio.addImages([{ name: "routes.png", mimeType: "image/png", buffer: png }]);
  await expect(page.getByRole("article", { name: "Upload: routes.png" })).toBeVisible();
  const generation = await studio.generate("A kite over the dunes");
  await studio.expectResult(generation);
  expect(reads).toContain(`POST ${API_ROUTES.uploads}`);
  // Job status arrives on the event stream; the page polls only when that stream is silent.
  expect(reads).toContain(`GET ${API_ROUTES.events}`);
  expect(reads).not.toContain(`GET ${API_ROUTES.generations}`);
  // One action: the start. Gallery pages and the ledger are GETs.
  expect(actions).toHaveLength(1);
  expect(actions[0]).toMatch(/^\[\{"model"/);
});
