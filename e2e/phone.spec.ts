import { expect, test, type Locator } from "@playwright/test";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";
import { pngFile } from "./support/tray";

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
test.beforeEach(async ({ request }) => fakeApi.clear(request));

/** Every visible button (and radio, link, switch) inside, at least 44 px each way. */
async function expectTouchTargets(scope: Locator): Promise<void> {
  const small = await scope.evaluate((root) =>
    [...root.querySelectorAll<HTMLElement>("button, a[href], [role=switch], label:has(input[type=radio]), label:has(input[type=checkbox])")]
      .filter((element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden")
      .map((element) => ({ name: element.getAttribute("aria-label") ?? element.textContent?.trim() ?? element.tagName, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ name, box }) => `${name}: ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
  expect(small).toEqual([]);
}

test("the header is one row; no keyboard shortcuts on a touch screen", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const header = await page.locator("header").first().boundingBox();
  expect(header!.height).toBeLessThanOrEqual(64);
  await expect(page.getByRole("button", { name: "Keyboard shortcuts" })).toBeHidden();
  await expect(page.getByRole("status", { name: "Spend today" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("composer and viewer controls are at least 44 px; the viewer shows no key hints", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.addImages([await pngFile("one.png", "#c33"), await pngFile("two.png", "#3c3")]);
  await expect(studio.tray.getByRole("img")).toHaveCount(2);
  await expectTouchTargets(page.getByRole("form", { name: "Composer" }));

  const card = await studio.generate("A touchable kite");
  await (await studio.expectResult(card)).click();
  const viewer = page.getByRole("dialog", { name: "A touchable kite" });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByText(/Arrow keys/)).toBeHidden();
  await expectTouchTargets(viewer.locator("header"));
  await expectTouchTargets(viewer.getByRole("form", { name: "Edit this image" }));
  await expectTouchTargets(viewer.getByRole("complementary").locator("div.flex-wrap").first());
});

test("a result's actions are one button that opens one sheet holding them all", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const card = await studio.generate("A sheet of actions");
  await studio.expectResult(card);
  await expect(card.getByRole("button", { name: "Use as input" })).toBeHidden();
  const more = card.getByRole("button", { name: "More actions" });
  await expect(more).toBeVisible();
  const box = await more.boundingBox();
  expect(Math.min(box!.width, box!.height)).toBeGreaterThanOrEqual(44);

  await more.tap();
  const sheet = card.getByRole("dialog", { name: /^Actions for/ });
  await expect(sheet).toBeVisible();
  const sheetBox = await sheet.boundingBox();
  expect(sheetBox!.y + sheetBox!.height).toBeCloseTo(844, -1);
  expect(sheetBox!.width).toBeCloseTo(390, -1);
  for (const name of ["Open", "Use as input", "Add to inputs", "Reuse settings", "Lineage", "Download", "Delete"]) {
    await expect(sheet.getByRole("button", { name, exact: true })).toBeVisible();
  }
  await sheet.getByRole("button", { name: "Use as input", exact: true }).tap();
  await expect(sheet).toBeHidden();
  await expect(studio.tray.getByRole("img")).toHaveCount(1);
});

test("with five inputs and three pictures selected, at least 40 % of the screen still shows results", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const colours = ["#c0392b", "#27ae60", "#2980b9", "#8e44ad", "#f39c12"];
  await studio.addImages(await Promise.all(colours.map((colour, index) => pngFile(`room-${index + 1}.png`, colour, 128, 96))));
  await expect(studio.tray.getByRole("img")).toHaveCount(5);
  const uploads = page.getByRole("list", { name: "Generations" }).getByRole("img", { name: /^Uploaded room-\d\.png$/ });
  await expect(uploads).toHaveCount(5);

  await page.getByRole("button", { name: "Select images" }).tap();
  for (const index of [0, 1, 2]) await uploads.nth(index).tap();
  const panel = page.getByRole("region", { name: "Batch edit" });
  await expect(panel.getByText("3 images selected")).toBeVisible();

  // What covers the bottom of the screen: the composer, the selection's panel and its button.
  const covers = [page.getByRole("form", { name: "Composer" }), panel, page.getByRole("button", { name: "Select images" })];
  const tops = await Promise.all(covers.map(async (cover) => ((await cover.isVisible()) ? (await cover.boundingBox())!.y : 844)));
  const header = (await page.locator("header").first().boundingBox())!;
  const resultsHeight = Math.min(...tops) - (header.y + header.height);
  test.info().annotations.push({ type: "results height", description: `${Math.round(resultsHeight)} of 844 px` });
  expect(resultsHeight).toBeGreaterThanOrEqual(0.4 * 844);

  // A picture further down scrolls into that room, clear of everything docked below.
  await uploads.nth(4).scrollIntoViewIfNeeded();
  const last = (await uploads.nth(4).boundingBox())!;
  expect(last.y + last.height).toBeLessThanOrEqual(Math.min(...tops) + 1);

  // Generate and the selection's actions stay in reach, each a full touch target.
  await expect(studio.generateButton).toBeInViewport({ ratio: 1 });
  await expect(panel.getByRole("button", { name: "Clear selection" })).toBeInViewport({ ratio: 1 });
  await expectTouchTargets(panel);
  await panel.getByRole("button", { name: "Edit the 3 images" }).tap();
  await panel.getByLabel("Edit for every selected image").fill("make it sepia");
  const run = panel.getByRole("button", { name: "Run on 3 images" });
  await expect(run).toBeEnabled();
  await expect(run).toBeInViewport({ ratio: 1 });
  await expectTouchTargets(panel);

  // The inputs open out again while the prompt has the focus.
  await expect(page.getByRole("button", { name: "Insert image 1" })).toBeHidden();
  await studio.prompt.tap();
  await expect(page.getByRole("button", { name: "Insert image 1" })).toBeVisible();
  await expect(studio.generateButton).toBeInViewport({ ratio: 1 });
});
