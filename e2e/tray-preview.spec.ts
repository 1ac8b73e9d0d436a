import { expect, test, type Worker } from "@playwright/test";
import sharp from "sharp";
import { photoLikeJpeg } from "../tests/support/build-test-images";
import { StudioPage } from "./support/studio-page";
import { expectTrayReady, trayOriginalUrl } from "./support/tray";

/**
 * A phone photo is decoded, drawn smaller and encoded in a Worker; the tile shows the Worker's small
 * preview while the upload is still on its way, then the stored thumbnail.
 */
test("a 24 MP photo shows its preview in the tray before its upload has ended, prepared in a worker", async ({ page }) => {
  const studio = new StudioPage(page);
  const workers: Worker[] = [];
  page.on("worker", (worker) => workers.push(worker));
  const refusals: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") refusals.push(message.text());
  });
  await studio.goto();
  const photo = await photoLikeJpeg(6000, 4000);

  // The upload is held until the test has seen the preview: if the preview only came with the
  // upload's answer, this would wait for ever and fail.
  let previewSeen: () => void = () => undefined;
  const seen = new Promise<void>((resolve) => (previewSeen = resolve));
  let uploadBytes = 0;
  await page.route("**/api/uploads", async (route) => {
    uploadBytes = route.request().postDataBuffer()?.length ?? 0;
    await seen;
    await route.continue();
  });

  await studio.addImages([{ name: "phone.jpg", mimeType: "image/jpeg", buffer: photo }]);
  const tile = studio.tray.getByRole("img", { name: "Image 1: phone.jpg" });
  await expect(tile).toHaveAttribute("src", /^blob:/);
  await expect.poll(() => tile.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0);
  // The preview is small: the page never decodes the 24 MP file for a 96 px tile.
  expect(await tile.evaluate((image: HTMLImageElement) => Math.max(image.naturalWidth, image.naturalHeight))).toBeLessThanOrEqual(256);
  await expect(studio.tray.getByText("Uploading…")).toBeVisible();
  // The upload starts once the Worker's encode ends, a moment after the preview shows.
  await expect.poll(() => uploadBytes).toBeGreaterThan(0);
  expect(uploadBytes).toBeLessThan(photo.length);
  previewSeen();

  await expectTrayReady(studio.tray, 1);
  // The worker ran the studio's own code: its chunks loaded (nothing refused them) and it is alive.
  expect(refusals).toEqual([]);
  expect(workers).toHaveLength(1);
  console.log(`worker: ${workers[0]!.url()}`);
  expect(await workers[0]!.evaluate(() => typeof (self as unknown as { TURBOPACK?: unknown }).TURBOPACK)).toBe("object");
  const stored = await sharp(await (await page.request.get(await trayOriginalUrl(studio.tray, 0))).body()).metadata();
  expect([stored.format, Math.max(stored.width, stored.height) <= 4096]).toEqual(["jpeg", true]);
});

test("a small picture is its own preview and goes up as it is", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const small = await photoLikeJpeg(800, 600);
  await studio.addImages([{ name: "small.jpg", mimeType: "image/jpeg", buffer: small }]);
  await expectTrayReady(studio.tray, 1);
  const stored = await (await page.request.get(await trayOriginalUrl(studio.tray, 0))).body();
  expect(stored.equals(small)).toBe(true);
});
