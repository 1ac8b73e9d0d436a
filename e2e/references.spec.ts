import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";
import { expectTrayReady, pngFile, trayNames } from "./support/tray";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

async function seriousViolations(page: Page): Promise<string[]> {
  return (await new AxeBuilder({ page }).analyze()).violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

test("chips write image N into the prompt, and the words follow their pictures through a reorder and a removal", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.addImages([await pngFile("red.png", "#c83232"), await pngFile("green.png", "#32a050"), await pngFile("blue.png", "#3250c8")]);
  await expectTrayReady(studio.tray, 3);
  for (const name of ["red.png", "green.png", "blue.png"]) await expect(studio.tray.getByText(name, { exact: true })).toBeVisible();

  // A click keeps the caret in the prompt box; so does a chip reached with Tab and pressed with Enter.
  await studio.prompt.fill("put ");
  await studio.referenceChip(1).click();
  await expect(studio.prompt).toBeFocused();
  await page.keyboard.type(" on ");
  await studio.referenceChip(2).focus();
  await page.keyboard.press("Enter");
  await expect(studio.prompt).toBeFocused();
  await page.keyboard.type(" next to ");
  await studio.referenceChip(3).click();
  await expect(studio.prompt).toHaveValue("put image 1 on image 2 next to image 3");

  // In the middle of the text, with a space on either side, and the caret right after it.
  await studio.prompt.evaluate((box: HTMLTextAreaElement) => box.setSelectionRange(3, 3));
  await studio.referenceChip(3).click();
  await expect(studio.prompt).toHaveValue("put image 3 image 1 on image 2 next to image 3");
  expect(await studio.prompt.evaluate((box: HTMLTextAreaElement) => [box.selectionStart, box.selectionEnd])).toEqual([11, 11]);
  await studio.prompt.fill("put image 1 on image 2 next to image 3");

  // Image 1 and image 2 change places by keyboard: the prompt still means the same pictures.
  await studio.tray.getByRole("button", { name: "Reorder image 1", exact: true }).focus();
  await page.keyboard.press("ArrowRight");
  expect(await trayNames(studio.tray)).toEqual(["Image 1: green.png", "Image 2: red.png", "Image 3: blue.png"]);
  await expect(studio.prompt).toHaveValue("put image 2 on image 1 next to image 3");

  // Green leaves: what named it now names nothing, and blue moves up to image 2.
  await studio.tray.getByRole("button", { name: "Remove image 1", exact: true }).click();
  await expect(studio.tray.getByRole("img")).toHaveCount(2);
  await expect(studio.prompt).toHaveValue("put image 1 on image ? next to image 2");
  await expect(page.getByText("“image ?” marks an image that left the tray: say which image you mean.")).toBeVisible();

  await studio.prompt.fill("put image 1 on image 4 next to image 2");
  await expect(page.getByText("The prompt mentions image 4, but the tray holds 2 images.")).toBeVisible();
  await expect(studio.prompt).toHaveAccessibleDescription(/The prompt mentions image 4, but the tray holds 2 images\./);
  expect(await seriousViolations(page)).toEqual([]);

  // Appending renumbers nothing.
  await studio.addImages([await pngFile("yellow.png", "#e0c020")]);
  await expectTrayReady(studio.tray, 3);
  await expect(studio.prompt).toHaveValue("put image 1 on image 4 next to image 2");
});

test("each input says where it came from, across a reload; Use as input starts a new tray and leaves the prompt alone", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const generation = await studio.generate("A lighthouse at dusk");
  await studio.expectResult(generation);

  await studio.addImages([await pngFile("harbour.png", "#2a6f9f")]);
  await expectTrayReady(studio.tray, 1);
  await generation.getByRole("button", { name: "Add to inputs" }).click();
  await expectTrayReady(studio.tray, 2);
  const fromResult = "Result 1 of “A lighthouse at dusk”";
  expect(await trayNames(studio.tray)).toEqual(["Image 1: harbour.png", `Image 2: ${fromResult}`]);
  await expect(studio.tray.getByText("harbour.png", { exact: true })).toBeVisible();
  await expect(studio.tray.getByText(fromResult, { exact: true })).toBeVisible();

  // Dark after the reload, so the tiles' provenance and the note are checked in both schemes.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expectTrayReady(studio.tray, 2);
  await expect(studio.tray.getByText("harbour.png", { exact: true })).toBeVisible();
  await expect(studio.tray.getByText(fromResult, { exact: true })).toBeVisible();

  await studio.prompt.fill("put image 2 on image 1");
  await generation.getByRole("button", { name: "Use as input" }).click();
  await expectTrayReady(studio.tray, 1);
  expect(await trayNames(studio.tray)).toEqual([`Image 1: ${fromResult}`]);
  await expect(studio.prompt).toHaveValue("put image 2 on image 1");
  await expect(page.getByText("The prompt mentions image 2, but the tray holds 1 image.")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
});
