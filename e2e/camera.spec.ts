import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { CHROMIUM_ARGS, chromiumExecutable } from "./support/chromium";
import { expectNoSeriousViolations } from "./support/marks";
import { StudioPage } from "./support/studio-page";
import { expectTrayReady, trayNames, trayOriginalUrl } from "./support/tray";

// Chromium's stand-in camera (a moving test pattern), allowed without a prompt.
test.use({
  launchOptions: {
    executablePath: chromiumExecutable(),
    args: [...CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
  },
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("Take photo opens the phone's camera through a capture input, and the picture joins the tray", async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Take photo" }).click();
    const picker = await chooser;
    expect(await picker.element().getAttribute("capture")).toBe("environment");
    expect(picker.isMultiple()).toBe(false);

    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: "#3a6" } }).jpeg().toBuffer();
    await picker.setFiles({ name: "IMG_0001.jpg", mimeType: "image/jpeg", buffer: photo });
    await expectTrayReady(studio.tray, 1);
    expect(await trayNames(studio.tray)).toEqual(["Image 1: IMG_0001.jpg"]);
    await expectNoSeriousViolations(page, 'section[aria-label="Create"]');
  });
});

test("on a computer with a camera, Take photo shows the webcam and the picture taken joins the tray", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await page.getByRole("button", { name: "Take photo" }).click();
  const dialog = page.getByRole("dialog", { name: "Take photo" });
  const preview = dialog.getByLabel("Camera preview");
  await expect.poll(() => preview.evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0);
  await expectNoSeriousViolations(page, '[role="dialog"]');

  await dialog.getByRole("button", { name: "Take picture" }).click();
  await expect(dialog).toBeHidden();
  await expectTrayReady(studio.tray, 1);
  expect((await trayNames(studio.tray))[0]).toMatch(/^Image 1: photo-.*\.jpg$/);

  // Stored like any upload: decoded by the server, the camera's full frame.
  const stored = await (await page.request.get(await trayOriginalUrl(studio.tray, 0))).body();
  const { format, width } = await sharp(stored).metadata();
  expect(format).toBe("jpeg");
  expect(width).toBeGreaterThanOrEqual(320);
  // The camera light goes off with the dialog: no live track is left.
  expect(await page.evaluate(() => document.querySelectorAll("video").length)).toBe(0);
});
