import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

/** Generates and waits for the result, so the gallery order is the order of the calls. */
async function generated(studio: StudioPage, prompt: string): Promise<{ card: Locator; thumbnail: Locator; originalUrl: string }> {
  const card = await studio.generate(prompt);
  const thumbnail = await studio.expectResult(card);
  // The card's picture may be the thumbnail its live event carried (a data URL); its link is the original.
  const href = await thumbnail.locator("xpath=ancestor::a").getAttribute("href");
  expect(href).toMatch(/^\/api\/images\/[0-9a-f-]{36}$/);
  return { card, thumbnail, originalUrl: href! };
}

async function openViewer(page: Page, thumbnail: Locator, prompt: string): Promise<Locator> {
  await thumbnail.click();
  const viewer = page.getByRole("dialog", { name: prompt });
  await expect(viewer).toBeVisible();
  return viewer;
}

test("the viewer shows a result large with what made it, and the arrows move through the gallery", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await generated(studio, "A lighthouse on a cliff at dusk");
  const newer = await generated(studio, "A paper boat on a puddle");
  const seed = /seed (\d+)/.exec((await newer.card.textContent()) ?? "")?.[1];
  expect(seed).toBeDefined();

  const viewer = await openViewer(page, newer.thumbnail, "A paper boat on a puddle");
  const original = viewer.getByRole("img", { name: /^Result 1 of/ });
  await expect(original).toHaveAttribute("src", newer.originalUrl);
  await expect.poll(() => original.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1024);
  await expect(viewer).toContainText("Seedream v4");
  await expect(viewer).toContainText("1024×1024");
  await expect(viewer).toContainText(seed!);
  await expect(viewer).toContainText("63,000 credits");
  await expect(viewer).toContainText(/Time taken\s*\d+\.\d s/);

  const scan = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(scan.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""))).toEqual([]);

  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("dialog", { name: "A lighthouse on a cliff at dusk" })).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("dialog", { name: "A paper boat on a puddle" })).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("dialog", { name: "A lighthouse on a cliff at dusk" })).toBeVisible();

  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("Download saves the original pixels under a meaningful name", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const result = await generated(studio, "A red kite over green hills");
  const viewer = await openViewer(page, result.thumbnail, "A red kite over green hills");
  const original = await (await page.request.get(result.originalUrl)).body();

  const byButton = page.waitForEvent("download");
  await viewer.getByRole("button", { name: "Download" }).click();
  const download = await byButton;
  expect(download.suggestedFilename()).toMatch(/^seedream-\d{4}-\d{2}-\d{2}-a-red-kite-over-green-hills-seed-\d+-1\.png$/);
  // The file gains its prompt and seed as metadata (e2e/export.spec.ts); its pixels are the original's.
  const saved = await readFile((await download.path())!);
  expect((await sharp(saved).raw().toBuffer()).equals(await sharp(original).raw().toBuffer())).toBe(true);

  const byKey = page.waitForEvent("download");
  await page.keyboard.press("d");
  expect((await byKey).suggestedFilename()).toBe(download.suggestedFilename());
});

test("C compares an edit with its first input, in a slider or side by side", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const source = await generated(studio, "A red barn in a field");
  await source.card.getByRole("button", { name: "Use as input" }).click();
  await expect(studio.tray.getByRole("img")).toHaveCount(1);
  const edit = await generated(studio, "make it sepia");

  const viewer = await openViewer(page, edit.thumbnail, "make it sepia");
  await expect(viewer).toContainText("Seedream v4 Edit");
  await page.keyboard.press("c");
  const slider = viewer.getByRole("slider", { name: "Compare position" });
  await expect(slider).toBeVisible();
  await expect(viewer.getByText("Before", { exact: true })).toBeVisible();
  await expect(viewer.getByText("After", { exact: true })).toBeVisible();
  await expect(viewer.getByRole("img", { name: /^Before/ })).toHaveAttribute("src", source.originalUrl);
  await expect(viewer.getByRole("img", { name: /^After/ })).toHaveAttribute("src", edit.originalUrl);

  // On the slider the arrows move the split, not the gallery.
  await slider.focus();
  await page.keyboard.press("Home");
  await expect(slider).toHaveValue("0");
  await page.keyboard.press("ArrowRight");
  await expect(slider).toHaveValue("1");
  await expect(page.getByRole("dialog", { name: "make it sepia" })).toBeVisible();

  // Side by side: the same two pictures, each whole, labelled.
  await viewer.getByRole("radio", { name: "Side by side" }).check();
  await expect(slider).toHaveCount(0);
  await expect(viewer.getByRole("img", { name: /^Before: Input 1/ })).toHaveAttribute("src", source.originalUrl);
  await expect(viewer.getByRole("img", { name: /^After/ })).toHaveAttribute("src", edit.originalUrl);
  await expect(viewer.getByRole("radio", { name: "Input 1" })).toBeChecked();

  await viewer.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(viewer.getByRole("img", { name: /^Before/ })).toHaveCount(0);
});

test("? lists the keyboard shortcuts, except while typing", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.prompt.fill("Why?");
  await studio.prompt.press("?");
  await expect(studio.prompt).toHaveValue("Why??");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await studio.prompt.blur();
  await page.keyboard.press("?");
  const shortcuts = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(shortcuts).toBeVisible();
  for (const text of ["Ctrl", "Enter", "Generate", "Esc", "Previous or next image", "Use as input", "Download", "Compare with its parent", "Parent or child", "Show the lineage", "Show this list"]) {
    await expect(shortcuts).toContainText(text);
  }
  await page.keyboard.press("Escape");
  await expect(shortcuts).toHaveCount(0);

  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(shortcuts).toBeVisible();
  await shortcuts.getByRole("button", { name: "Close" }).click();
  await expect(shortcuts).toHaveCount(0);
});

test("R in the viewer puts the image in the tray and hands focus to the prompt", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const result = await generated(studio, "A quiet harbour at dawn");
  await openViewer(page, result.thumbnail, "A quiet harbour at dawn");

  await page.keyboard.press("r");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(studio.tray.getByRole("img")).toHaveCount(1);
  await expect(studio.prompt).toBeFocused();
});

test("the viewer fits a phone screen", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const studio = new StudioPage(page);
  await studio.goto();
  const result = await generated(studio, "A tall pine in the snow");
  const viewer = await openViewer(page, result.thumbnail, "A tall pine in the snow");

  const image = await viewer.getByRole("img", { name: /^Result 1 of/ }).boundingBox();
  expect(image!.x).toBeGreaterThanOrEqual(0);
  expect(image!.x + image!.width).toBeLessThanOrEqual(360);
  expect(image!.y + image!.height).toBeLessThanOrEqual(740);
  for (const name of ["Close", "Use as input", "Download"]) {
    await expect(viewer.getByRole("button", { name, exact: true })).toBeInViewport();
  }
  const dialog = await viewer.boundingBox();
  expect(dialog!.width).toBeLessThanOrEqual(360);
  expect(await viewer.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
});
