import { expect, test } from "@playwright/test";
import type { Mark } from "@/lib/shared/marks/marks";
import { regionOf } from "@/lib/shared/marks/note";
import { differencesOutside } from "../tests/support/region-pixels";
import { fakeApi } from "./support/fake-api";
import { dragThrough, expectNoSeriousViolations, markDialog, markingArea, noiseFile, pixelAt, storedMarks } from "./support/marks";
import { sha256, StudioPage } from "./support/studio-page";
import { expectTrayReady, pngFile, trayOriginalUrl } from "./support/tray";

test("a painted region is edited while every pixel outside it stays the original's", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.addImages([await noiseFile("noise.png", 512, 512)]);
  await expectTrayReady(studio.tray, 1);
  const originalUrl = await trayOriginalUrl(studio.tray, 0);
  await studio.prompt.fill("invert");

  await page.getByRole("button", { name: "Mark image 1" }).click();
  const dialog = markDialog(page, 1);
  await expect(dialog).toBeVisible();
  await dragThrough(page, markingArea(page, 1), [[0.2, 0.3], [0.5, 0.35], [0.6, 0.6]]);
  await expect(dialog.getByRole("switch", { name: "Keep everything outside the painted area" })).toBeChecked();
  await expectNoSeriousViolations(page, '[role="dialog"]');
  await dialog.getByRole("button", { name: "Apply marks" }).click();
  await expect(dialog).toBeHidden();

  // The note is in the prompt, where the person sees and can edit it before it is sent.
  await expect(studio.prompt).toHaveValue("invert\nChange only the area painted in red in image 1. Do not draw the red marks in the result.");
  const [applied] = await storedMarks(page);
  expect(applied!.marks).toHaveLength(1);
  await expect(page.getByRole("button", { name: "Edit the marks on image 1" })).toBeVisible();

  await fakeApi.clear(page.request);
  await studio.generateButton.click();
  // The card's name reads the prompt's line break as a space.
  const generation = studio.generation("invert Change only the area painted in red in image 1. Do not draw the red marks in the result.");
  const result = await studio.original(generation);
  await expect(generation.getByText("Outside the painted region (feather 4 px) every pixel is the original's; the result was resized to the original's size first.")).toBeVisible();

  // The model got the marked copy in the original's place.
  const [sent] = await fakeApi.requests(page.request);
  const copy = await page.request.get(applied!.copy.url);
  expect(sent!.inputs).toEqual([expect.objectContaining({ sha256: sha256(await copy.body()) })]);

  // The stored result is the original's size, and outside the painted region its pixels are the original's.
  const original = await (await page.request.get(originalUrl)).body();
  expect(result).toMatchObject({ format: "png", width: 512, height: 512 });
  const region = regionOf({ id: applied!.imageId, width: 512, height: 512 }, applied!.marks, applied!.settings.feather)!;
  const counts = await differencesOutside(original, result.bytes, region, region.feather * Math.SQRT2 + 1);
  expect(counts.compared).toBeGreaterThan(100_000);
  expect(counts.differing).toBe(0);
  expect(counts.changedInside / counts.inside).toBeGreaterThan(0.95);
});

test("a box drawn from the keyboard and an arrow reach the provider drawn on the sent image", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.addImages([await pngFile("grey.png", "#808080", 640, 480)]);
  await expectTrayReady(studio.tray, 1);
  const originalUrl = await trayOriginalUrl(studio.tray, 0);
  await studio.prompt.fill("make it brighter");

  await page.getByRole("button", { name: "Mark image 1" }).click();
  const dialog = markDialog(page, 1);
  const area = markingArea(page, 1);
  await dialog.getByText("Box", { exact: true }).click();
  // Keyboard: the crosshair starts in the middle; one step is 1 % of the long side, Shift ×5.
  await area.focus();
  await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("Shift+ArrowUp");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Enter");
  // A second box, undone, redone and undone again: only the first stays.
  await dragThrough(page, area, [[0.05, 0.05], [0.15, 0.15]]);
  await dialog.getByRole("button", { name: "Undo" }).click();
  await dialog.getByRole("button", { name: "Redo" }).click();
  await page.keyboard.press("Control+z");
  await dialog.getByText("Arrow", { exact: true }).click();
  await dragThrough(page, area, [[0.9, 0.9], [0.75, 0.75]]);
  await dialog.getByLabel("Send image 1 clean, and the marked copy as image 2").check();
  await expect(dialog.getByLabel("Note added to the prompt")).toHaveValue(
    "Image 2 is image 1 with red marks. Change only the area outlined in red in image 2. The red arrow 1 in image 2 points at what to change. Do not draw the red marks in the result.",
  );
  await expectNoSeriousViolations(page, '[role="dialog"]');
  await dialog.getByRole("button", { name: "Apply marks" }).click();
  await expect(dialog).toBeHidden();

  const [applied] = await storedMarks(page);
  expect(applied!.marks.map((mark) => mark.kind)).toEqual(["box", "arrow"]);
  const box = applied!.marks[0] as Extract<Mark, { kind: "box" }>;
  expect(box).toMatchObject({ x: 320 - 30, y: 240 - 30, width: 60, height: 60 });

  // Kept with the tray across a reload; the prompt is not, so applying them again puts the note back.
  await page.reload();
  await expectTrayReady(studio.tray, 1);
  await studio.prompt.fill("make it brighter");
  await page.getByRole("button", { name: "Edit the marks on image 1" }).click();
  await expect(dialog.getByLabel("Send image 1 clean, and the marked copy as image 2")).toBeChecked();
  await dialog.getByRole("button", { name: "Apply marks" }).click();
  await expect(dialog).toBeHidden();
  const prompt = await studio.prompt.inputValue();
  expect(prompt).toBe(`make it brighter\n${applied!.note}`);
  // Applied again unchanged: the same marks and the same uploaded copy, not a second upload.
  const [again] = await storedMarks(page);
  expect(again).toMatchObject({ marks: applied!.marks, note: applied!.note, copy: { id: applied!.copy.id } });

  await fakeApi.clear(page.request);
  await studio.generateButton.click();
  await studio.expectResult(studio.generation(prompt.replace("\n", " ")));
  const [sent] = await fakeApi.requests(page.request);
  expect(sent!.prompt).toContain("The red arrow 1 in image 2 points at what to change.");

  const original = await (await page.request.get(originalUrl)).body();
  const copy = await (await page.request.get(applied!.copy.url)).body();
  expect(sent!.inputs!.map((input) => input.sha256)).toEqual([sha256(original), sha256(copy)]);

  // The box's outline and the arrow are red on the sent copy; the rest is the original grey.
  const red = ([r, g, b]: [number, number, number]) => r > 200 && g < 90 && b < 90;
  expect(red(await pixelAt(copy, box.x + box.width / 2, box.y))).toBe(true);
  expect(red(await pixelAt(copy, box.x, box.y + box.height / 2))).toBe(true);
  const arrow = applied!.marks[1] as Extract<Mark, { kind: "arrow" }>;
  const middle = [(arrow.from[0] + arrow.to[0]) / 2, (arrow.from[1] + arrow.to[1]) / 2] as const;
  expect(red(await pixelAt(copy, middle[0], middle[1]))).toBe(true);
  expect(await pixelAt(copy, box.x + box.width / 2, box.y + box.height / 2)).toEqual(await pixelAt(original, box.x + box.width / 2, box.y + box.height / 2));
  expect(await pixelAt(copy, 40, 440)).toEqual([128, 128, 128]);
});
