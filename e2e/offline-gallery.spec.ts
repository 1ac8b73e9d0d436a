import { expect, test } from "@playwright/test";
import { StudioPage } from "./support/studio-page";

test("the gallery loads older pages as it scrolls, newest first", async ({ page }) => {
  test.setTimeout(120_000);
  const studio = new StudioPage(page);
  await studio.goto();
  // One more than a page of 30, so the oldest can only appear after scrolling.
  for (let index = 0; index < 32; index++) {
    await studio.prompt.fill(`Scroll item ${index}`);
    await studio.prompt.press("Control+Enter");
  }
  await studio.expectResult(studio.generation("Scroll item 31"));
  await expect(page.getByRole("status").filter({ hasText: "Generating" })).toHaveCount(0, { timeout: 60_000 });

  await page.reload();
  await expect(studio.generation("Scroll item 31")).toBeVisible();
  const oldest = studio.generation("Scroll item 0");
  await expect(async () => {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(oldest).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await studio.expectResult(oldest);
});
