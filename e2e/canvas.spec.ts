import { expect, test, type Locator } from "@playwright/test";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";
import { pngFile } from "./support/tray";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

/**
 * The element lies wholly on screen. Asked again until it does: the tray's list is replaced by its
 * sortable twin once that code has loaded, and a box read from the one it replaces would be null.
 */
async function expectOnScreen(locator: Locator): Promise<void> {
  await expect(locator).toBeInViewport({ ratio: 1 });
}

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`Generate and the prompt stay on screen at ${viewport.width}×${viewport.height}, scrolled and with inputs`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const studio = new StudioPage(page);
    await studio.goto();
    await expectOnScreen(studio.generateButton);
    await expectOnScreen(studio.prompt);

    for (const prompt of ["Canvas one", "Canvas two", "Canvas three", "Canvas four"]) await studio.expectResult(await studio.generate(prompt));
    await studio.addImages([await pngFile("wide.png", "#c33", 300, 200), await pngFile("tall.png", "#33c", 200, 300)]);
    await expect(studio.tray.getByRole("img")).toHaveCount(2);
    await page.mouse.wheel(0, 5_000);
    await expectOnScreen(studio.generateButton);
    await expectOnScreen(studio.prompt);
    await expectOnScreen(studio.tray);
  });
}

test("on a phone the new result scrolls into view above the composer", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const studio = new StudioPage(page);
  await studio.goto();
  for (const prompt of ["Phone one", "Phone two", "Phone three", "Phone four", "Phone five", "Phone six"]) {
    await studio.expectResult(await studio.generate(prompt));
  }
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

  const card = await studio.generate("Phone newest");
  const image = await studio.expectResult(card);
  await expect(image).toBeInViewport({ ratio: 1 });
  const composer = await page.getByRole("form", { name: "Composer" }).boundingBox();
  const shown = await image.boundingBox();
  expect(shown!.y + shown!.height).toBeLessThanOrEqual(composer!.y);
});

test("size, count, seed lock and safety are remembered across a reload; the prompt is not", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.prompt.fill("remember me not");
  await studio.openSize();
  await studio.sizeOption("Landscape 16:9").check();
  await page.keyboard.press("Escape");
  await studio.imagesOption(3).check();
  await studio.openSettings();
  await studio.safetyChecker.uncheck();

  await page.reload();
  await expect(page.getByRole("button", { name: "Size: Landscape 16:9" })).toBeVisible();
  await expect(studio.imagesOption(3)).toBeChecked();
  await studio.openSettings();
  await expect(studio.safetyChecker).not.toBeChecked();
  await expect(studio.prompt).toHaveValue("");
});

test("an edit takes its first input's shape by default, and the chosen size once that is turned off", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.addImages([await pngFile("wide.png", "#c33", 300, 200)]);
  await expect(page.getByRole("button", { name: "Size: Match input" })).toBeVisible();
  await studio.expectResult(await studio.generate("make it sepia"));
  await expect.poll(async () => (await fakeApi.requests(request)).length).toBe(1);
  expect((await fakeApi.requests(request))[0]?.body?.image_size).toEqual({ width: 1536, height: 1024 });

  await studio.openSize();
  await page.getByRole("switch", { name: "Match input aspect" }).click();
  await studio.sizeOption("Square HD").check();
  await page.keyboard.press("Escape");
  await studio.expectResult(await studio.generate("make it black and white"));
  await expect.poll(async () => (await fakeApi.requests(request)).length).toBe(2);
  expect((await fakeApi.requests(request))[1]?.body?.image_size).toBe("square_hd");
});

test("Use as input over other inputs says so and Undo puts them back", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.expectResult(await studio.generate("A blue door"));
  await studio.expectResult(await studio.generate("A yellow window"));
  await studio.expectResult(await studio.generate("A green gate"));
  await studio.imageAction(studio.generation("A blue door"), "Add to inputs");
  await studio.imageAction(studio.generation("A yellow window"), "Add to inputs");
  const names = () => studio.tray.getByRole("img").evaluateAll((images) => images.map((image) => image.getAttribute("alt")));
  await expect.poll(names).toEqual(["Image 1: Result 1 of “A blue door”", "Image 2: Result 1 of “A yellow window”"]);

  await studio.imageAction(studio.generation("A green gate"), "Use as input");
  await expect.poll(names).toEqual(["Image 1: Result 1 of “A green gate”"]);
  const notices = page.getByRole("region", { name: /^Notifications/ });
  await expect(notices.getByText("Inputs replaced: this image now stands in for the 2 images there before.")).toBeVisible();
  await notices.getByRole("button", { name: "Undo" }).click();
  await expect.poll(names).toEqual(["Image 1: Result 1 of “A blue door”", "Image 2: Result 1 of “A yellow window”"]);

  // Replacing the same single image, or an empty tray, has nothing to undo and says nothing.
  await studio.imageAction(studio.generation("A green gate"), "Use as input");
  await studio.imageAction(studio.generation("A green gate"), "Use as input");
  await expect(notices.getByText(/Inputs replaced/)).toHaveCount(1);
});

test("uploads have their own filter; failures have theirs, and a failed or canceled card can be dismissed for good", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.expectResult(await studio.generate("A working fox"));
  const failed = await studio.generate("A broken fox [fault:401]");
  await expect(failed.getByRole("alert")).toBeVisible();
  const hung = await studio.generate("A stuck fox [fault:hang]");
  await hung.getByRole("button", { name: "Cancel" }).click();
  await expect(hung).toContainText("Canceled.");
  await studio.addImages([await pngFile("holiday.png", "#3a3")]);
  await expect(studio.tray.getByRole("img")).toHaveCount(1);

  const filter = (name: string) => page.getByRole("group", { name: "Show" }).getByRole("button", { name: new RegExp(`^${name}`) });
  const upload = page.getByRole("article", { name: "Upload: holiday.png" });
  await filter("Results").click();
  await expect(filter("Results")).toHaveAttribute("aria-pressed", "true");
  await expect(studio.generations).toHaveCount(1);
  await expect(upload).toHaveCount(0);
  await filter("Uploads").click();
  await expect(studio.generations).toHaveCount(1);
  await expect(upload).toBeVisible();
  await filter("Failed").click();
  await expect(studio.generations).toHaveCount(2);
  await expect(filter("Failed")).toContainText("2");

  await failed.getByRole("button", { name: "Dismiss" }).click();
  await hung.getByRole("button", { name: "Dismiss" }).click();
  await expect(studio.generations).toHaveCount(0);
  await page.reload();
  await expect(studio.generation("A broken fox [fault:401]")).toHaveCount(0);
  await expect(studio.generation("A stuck fox [fault:hang]")).toHaveCount(0);
  await expect(studio.generation("A working fox")).toBeVisible();
});

test("a job past the usual time says so, offers Keep waiting and Cancel; placeholders have the requested shape", async ({ page }) => {
  await page.clock.install();
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.openSize();
  await studio.sizeOption("Portrait 16:9").check();
  await page.keyboard.press("Escape");
  await studio.imagesOption(2).check();
  const card = await studio.generate("A patient heron [fault:hang]");
  await expect(card.getByRole("status")).toContainText("Generating");
  await expect(page.getByRole("status", { name: "Queue" })).toHaveText("1 generating");
  const shapes = await card.evaluate((article) =>
    [...article.querySelectorAll<HTMLElement>(":scope > div:first-child > div")].map((tile) => tile.offsetWidth / tile.offsetHeight),
  );
  expect(shapes).toHaveLength(2);
  for (const shape of shapes) expect(shape).toBeCloseTo(576 / 1024, 1);

  await expect(card.getByText("Taking longer than usual.")).toHaveCount(0);
  await page.clock.fastForward(31_000);
  await expect(card.getByText("Taking longer than usual.")).toBeVisible();
  await card.getByRole("button", { name: "Keep waiting" }).click();
  await expect(card.getByText("Taking longer than usual.")).toHaveCount(0);
  await card.getByRole("button", { name: "Cancel" }).click();
  await expect(card).toContainText("Canceled.");
});

test("every dialog and panel gives the focus back to what opened it", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const card = await studio.generate("Focus keeper");
  const thumbnail = await studio.expectResult(card);

  // The viewer: back to the picture.
  await thumbnail.locator("xpath=ancestor::a").focus();
  await page.keyboard.press("Enter");
  const viewer = page.getByRole("dialog", { name: "Focus keeper" });
  await expect(viewer).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(viewer).toHaveCount(0);
  await expect(thumbnail.locator("xpath=ancestor::a")).toBeFocused();

  // L in the viewer opens the lineage over it; Esc goes back to the viewer, not the page.
  await page.keyboard.press("Enter");
  await expect(viewer).toBeVisible();
  await page.keyboard.press("l");
  const lineage = page.getByRole("dialog", { name: "Lineage" });
  await expect(lineage).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(lineage).toHaveCount(0);
  await expect(viewer).toBeVisible();
  expect(await viewer.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
  await page.keyboard.press("Escape");
  await expect(thumbnail.locator("xpath=ancestor::a")).toBeFocused();

  // The lineage from the result's menu: back to the menu's button.
  const more = card.getByRole("button", { name: "More actions" });
  await more.focus();
  await page.keyboard.press("Enter");
  await card.getByRole("button", { name: "Lineage", exact: true }).click();
  await expect(lineage).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(lineage).toHaveCount(0);
  await expect(more).toBeFocused();

  // The action menu itself, the size and settings panels, the shortcuts list.
  await page.keyboard.press("Enter");
  await expect(card.getByRole("dialog", { name: /^Actions for/ })).toBeVisible();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  await expect(more).toBeFocused();
  for (const name of [/^Size: /, /^More settings$/]) {
    const button = page.getByRole("button", { name });
    await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Escape");
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(button).toBeFocused();
  }
  const shortcuts = page.getByRole("button", { name: "Keyboard shortcuts" });
  await shortcuts.click();
  await page.keyboard.press("Escape");
  await expect(shortcuts).toBeFocused();
});

test("the lineage opens ready for its keys: [ walks to the parent, E uses the picked image as input", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.expectResult(await studio.generate("A plain vase"));
  await studio.imageAction(studio.generation("A plain vase"), "Use as input");
  await studio.expectResult(await studio.generate("paint it blue"));
  await studio.imageAction(studio.generation("paint it blue"), "Lineage");
  const lineage = page.getByRole("dialog", { name: "Lineage" });
  const picked = lineage.getByRole("complementary", { name: "Picked image" });
  await expect(picked).toContainText("Result 1 of “paint it blue”");
  await expect(lineage.getByRole("button", { name: "Close" })).not.toBeFocused();
  await page.keyboard.press("[");
  await expect(picked).toContainText("Result 1 of “A plain vase”");
  await page.keyboard.press("e");
  await expect(lineage).toHaveCount(0);
  await expect(studio.tray.getByRole("img")).toHaveAttribute("alt", "Image 1: Result 1 of “A plain vase”");
  await expect(studio.prompt).toBeFocused();
});

test("the viewer edits the image it shows, with a reference, and walks parent ← this → children", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const source = await studio.original(await studio.generate("A white teapot"));
  await (await studio.expectResult(studio.generation("A white teapot"))).click();
  const viewer = page.getByRole("dialog", { name: "A white teapot" });
  const editBox = viewer.getByRole("form", { name: "Edit this image" });
  await expect(editBox.getByRole("checkbox", { name: /Match input aspect/ })).toBeChecked();
  const chooser = page.waitForEvent("filechooser");
  await editBox.getByRole("button", { name: "Reference" }).click();
  await (await chooser).setFiles([await pngFile("pattern.png", "#a3c")]);
  await expect(editBox.getByRole("img", { name: "Reference image 2" })).toBeVisible();
  await editBox.getByLabel("Describe the edit").fill("make it sepia");
  await editBox.getByRole("button", { name: "Edit", exact: true }).click();
  await expect(viewer).toHaveCount(0);

  const edit = studio.generation("make it sepia");
  await studio.expectResult(edit);
  const sent = await fakeApi.requests(request);
  expect(sent.at(-1)?.body?.image_urls).toHaveLength(2);
  expect(sent.at(-1)?.body?.image_size).toEqual({ width: 1024, height: 1024 });
  await expect(edit.getByRole("list", { name: "Inputs of this edit" }).getByRole("img")).toHaveCount(2);

  await (await studio.expectResult(edit)).click();
  const editViewer = page.getByRole("dialog", { name: "make it sepia" });
  await editViewer.getByRole("navigation", { name: "Family" }).getByRole("button", { name: "Parent 1" }).click();
  await expect(page.getByRole("dialog", { name: "A white teapot" }).getByRole("img", { name: /^Result 1 of/ })).toHaveAttribute("src", source.url);
  await page.getByRole("dialog", { name: "A white teapot" }).getByRole("navigation", { name: "Family" }).getByRole("button", { name: "Child 1" }).click();
  await expect(page.getByRole("dialog", { name: "make it sepia" })).toBeVisible();
});

test("cost is shown in dollars beside credits on each run, and the shortcuts list's keys stay clear of their words", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await expect(page.getByRole("form", { name: "Composer" })).toContainText("63,000 credits ($0.0315)");
  await studio.imagesOption(2).check();
  const card = await studio.generate("Two priced pears");
  await studio.expectResult(card);
  await expect(card).toContainText(/credits \(\$[\d.]+\), [\d,]+ credits \(\$[\d.]+\) each/);

  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  const row = dialog.locator("dl > div").first();
  const keys = await row.locator("dt").evaluate((dt) => Math.max(...[...dt.querySelectorAll("kbd")].map((kbd) => kbd.getBoundingClientRect().right)));
  const words = await row.locator("dd").evaluate((dd) => dd.getBoundingClientRect().left);
  expect(keys).toBeLessThanOrEqual(words);
});

test("the custom size's hint explains why presets can be smaller than Custom allows", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.openSize();
  await studio.sizeOption("Custom").check();
  await expect(page.getByText(/A custom size is 1024–4096 pixels a side \(the presets are the service's own sizes, some smaller\)/)).toBeVisible();
});
