import { expect, test, type Page } from "@playwright/test";
import { SEEDREAM_4_5_MODEL, SEEDREAM_5_0_LITE_MODEL, TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import { fakeApi } from "./support/fake-api";
import { LineagePage } from "./support/lineage-page";
import { sha256, StudioPage } from "./support/studio-page";
import { expectTrayReady, pngFile } from "./support/tray";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

function modelOption(page: Page, name: string) {
  return page.getByRole("group", { name: "Model", exact: true }).getByRole("radio", { name, exact: true });
}

test("v4 is the default, and each model's form shows exactly what it takes", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await expect(modelOption(page, "Seedream v4")).toBeChecked();
  await studio.openSize();
  await expect(studio.sizeOption("Square HD")).toBeVisible();
  await studio.openSettings();
  await expect(studio.safetyChecker).toBeVisible();
  await expect(page.getByRole("switch", { name: "Watermark" })).toHaveCount(0);

  await studio.prompt.fill("a fox in snow");
  await studio.openSettings();
  await studio.seed.fill("4242");
  await studio.imagesOption(3).check();
  await modelOption(page, "Seedream 4.5").check();
  const notes = page.getByRole("group", { name: "Model", exact: true });
  await expect(notes).toContainText("Square HD is a v4 size; 4.5 draws 2K instead.");
  await expect(notes).toContainText("4.5 makes one image per call: 3 images = 3 calls");
  await expect(notes).toContainText("The safety checker is a v4 setting; 4.5 has none.");
  // What carries over stays put.
  await expect(studio.prompt).toHaveValue("a fox in snow");
  await expect(studio.imagesOption(3)).toBeChecked();
  await expect(page.getByText("≈ 252,000 credits ($0.126)")).toBeVisible();
  await studio.openSettings();
  await expect(studio.seed).toHaveValue("4242");
  await expect(studio.safetyChecker).toHaveCount(0);
  await expect(page.getByRole("switch", { name: "Watermark" })).not.toBeChecked();
  await studio.openSize();
  await expect(studio.sizeOption("2K")).toBeChecked();
  await expect(studio.sizeOption("4K")).toBeVisible();
  await expect(studio.sizeOption("Square HD")).toHaveCount(0);

  await studio.sizeOption("Custom").check();
  await studio.width.fill("1400");
  await studio.generateButton.click();
  await expect(page.getByRole("alert").filter({ hasText: "Width and height must be at least 1440 pixels on this model." })).toBeVisible();
});

for (const { name, model, credits } of [
  { name: "Seedream 4.5", model: SEEDREAM_4_5_MODEL, credits: "168,000 credits" },
  { name: "Seedream 5.0 Lite", model: SEEDREAM_5_0_LITE_MODEL, credits: "182,000 credits" },
]) {
  test(`${name} makes 2 images as 2 calls, each fitting its official schema, with consecutive seeds`, async ({ page, request }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await modelOption(page, name).check();
    await studio.imagesOption(2).check();
    await studio.openSettings();
    await studio.seed.fill("500");
    await page.getByRole("switch", { name: "Watermark" }).click();
    const prompt = `A glass lighthouse on ${name}`;
    const generation = await studio.generate(prompt);
    await studio.expectResult(generation, 1);
    await expect(generation).toContainText(name);
    await expect(generation).toContainText(credits);
    const sent = await fakeApi.requests(request);
    expect(sent).toHaveLength(2);
    for (const call of sent) {
      expect(call).toMatchObject({ model, status: 200, openapiValid: true, extraFields: [], openapiErrors: [] });
      expect(call.body).toMatchObject({ watermark: true, image_size: "2K" });
    }
    expect(sent.map((call) => call.body?.seed).sort()).toEqual([500, 501]);
    const original = await studio.original(generation);
    expect(original).toMatchObject({ width: 2048, height: 2048 });
  });
}

test("4.5 edits with 14 inputs in one call; back on v4 the tray says it is over and nothing is sent", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await modelOption(page, "Seedream 4.5").check();
  // The tray grows with the model: 14 places on 4.5.
  await expect(studio.addImagesButton).toHaveAccessibleDescription("Add images to edit (up to 14); or drop or paste them anywhere");
  const files = await Promise.all(Array.from({ length: 14 }, (_, index) => pngFile(`ref-${index + 1}.png`, `#${(index * 17).toString(16).padStart(2, "0")}6080`, 48 + index, 40)));
  await studio.addImages(files);
  await expectTrayReady(studio.tray, 14);

  const generation = await studio.generate("put all fourteen on one shelf");
  await studio.expectResult(generation);
  const [sent] = await fakeApi.requests(request);
  expect(sent).toMatchObject({ model: SEEDREAM_4_5_MODEL, openapiValid: true, extraFields: [] });
  expect(sent?.inputs?.map((input) => input.sha256)).toEqual(files.map((file) => sha256(file.buffer)));

  await fakeApi.clear(request);
  await modelOption(page, "Seedream v4").check();
  await expect(page.getByRole("group", { name: "Model", exact: true })).toContainText(
    "The tray holds 14 images and Seedream v4 takes at most 10: remove 4 to generate.",
  );
  // The tray keeps all 14 across the switch, and shows v4's 10 places.
  await expectTrayReady(studio.tray, 14);
  await expect(page.getByText("14 / 10")).toBeVisible();
  await studio.generateButton.click();
  await expect(page.getByRole("alert").filter({ hasText: "Seedream v4 takes at most 10 input images; remove 4 from the tray to generate." })).toBeVisible();
  expect(await fakeApi.requests(request)).toEqual([]);
});

test("Try on another model re-runs the step with its seed as a branch, drawn and compared side by side, and kept on reload", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const prompt = "A red kite over the dunes";
  const original = await studio.generate(prompt);
  await studio.expectResult(original);
  const [first] = await fakeApi.requests(request);
  expect(first).toMatchObject({ model: TEXT_TO_IMAGE_MODEL });

  await studio.imageAction(original, "Try on Seedream 5.0 Lite");
  const cards = studio.page.getByRole("article", { name: `Generation: ${prompt}` });
  await expect(cards).toHaveCount(2);
  const branch = cards.first();
  await studio.expectResult(branch);
  await expect(branch).toContainText("Seedream 5.0 Lite");
  const sent = await fakeApi.requests(request);
  expect(sent[1]).toMatchObject({ model: SEEDREAM_5_0_LITE_MODEL, prompt, openapiValid: true, extraFields: [] });
  // The same seed the v4 step ran with, which v4 reported.
  const v4Seed = (await cards.last().textContent())?.match(/seed (\d+)/)?.[1];
  expect(sent[1]?.body?.seed).toBe(Number(v4Seed));

  const lineage = new LineagePage(page);
  await lineage.openFrom(studio, prompt);
  const steps = lineage.dialog.getByRole("group", { name: `Step: ${prompt}`, exact: true });
  await expect(steps).toHaveCount(2);
  await expect(lineage.dialog).toContainText("Seedream v4 · 63,000 credits");
  await expect(lineage.dialog).toContainText("Seedream 5.0 Lite · 91,000 credits");
  const [a, b] = [await steps.nth(0).boundingBox(), await steps.nth(1).boundingBox()];
  expect(a!.y).toBe(b!.y);
  await page.keyboard.press("Escape");

  await branch.getByRole("img", { name: /^Result 1 of/ }).click();
  // Compare is offered once the step it branched from has loaded.
  await page.getByRole("dialog", { name: prompt }).getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page.getByRole("img", { name: "Before: On Seedream v4" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");

  await page.reload();
  await expect(cards).toHaveCount(2);
  await expect(cards.first()).toContainText("Seedream 5.0 Lite");
  await expect(cards.last()).toContainText("Seedream v4");
});
