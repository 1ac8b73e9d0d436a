import { expect, test } from "@playwright/test";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

test("results are kept by the studio: a reload shows the same images, byte for byte", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const before = await studio.original(await studio.generate("A stone bridge in fog"));

  await page.reload();
  const after = await studio.original(studio.generation("A stone bridge in fog"));
  expect(after.id).toBe(before.id);
  expect(after.sha256).toBe(before.sha256);
});

test("a job still running survives a reload and finishes", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const prompt = "Slow tide [fault:slow:2500]";
  const generation = await studio.generate(prompt);
  await expect(generation.getByRole("status")).toContainText("Generating");
  await expect.poll(async () => (await fakeApi.requests(request)).length).toBe(1);

  await page.reload();
  await expect(studio.generation(prompt).getByRole("status")).toContainText("Generating");
  await studio.expectResult(studio.generation(prompt));
  expect(await fakeApi.requests(request)).toHaveLength(1);
});

test("Cancel stops a job that hangs, and it stays canceled after a reload", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const generation = await studio.generate("Never answers [fault:hang]");
  await generation.getByRole("button", { name: "Cancel" }).click();
  await expect(generation).toContainText("Canceled.");
  await page.reload();
  await expect(studio.generation("Never answers [fault:hang]")).toContainText("Canceled.");
});

test("image links answer with the stored type and a long private cache", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const original = await studio.original(await studio.generate("Headers"));
  const response = await page.request.get(original.url);
  expect(response.headers()).toMatchObject({
    "content-type": "image/png",
    "cache-control": "private, max-age=31536000, immutable",
    "x-content-type-options": "nosniff",
  });
  expect(response.headers().etag).toMatch(/^"[0-9a-f]{64}"$/);
  const thumbnail = await page.request.get(`${original.url}/thumbnail`);
  expect(thumbnail.headers()["content-type"]).toBe("image/webp");
  const notModified = await page.request.get(original.url, { headers: { "if-none-match": response.headers().etag! } });
  expect(notModified.status()).toBe(304);
});
