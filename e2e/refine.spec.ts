import { API_ROUTES } from "@/lib/shared/api-routes";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { EDIT_MODEL } from "@/lib/shared/seedream/limits";
import { fakeApi } from "./support/fake-api";
import { sha256, StudioPage } from "./support/studio-page";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

/** Holds every upload back until the returned function is called. */
async function holdUploads(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**${API_ROUTES.uploads}`, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

async function photo(colour: string): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: colour } }).png().toBuffer();
}

test("an uploaded picture becomes the edit's first input, exactly as uploaded", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const upload = await photo("#2a7fbf");
  await studio.addImages([{ name: "lake.png", mimeType: "image/png", buffer: upload }]);
  await expect(studio.tray.getByRole("img", { name: "Image 1: lake.png" })).toBeVisible();
  await expect(page.getByText(/Edit: Seedream v4 Edit will change image 1/)).toBeVisible();

  const generation = await studio.generate("make it black and white");
  await studio.expectResult(generation);
  const [sent] = await fakeApi.requests(request);
  expect(sent).toMatchObject({ model: EDIT_MODEL, openapiValid: true, extraFields: [] });
  expect(sent?.inputs?.map((input) => input.sha256)).toEqual([sha256(upload)]);
});

test("Use as input sends that result's bytes into the next edit, again and again", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const first = await studio.original(await studio.generate("A red barn in a field"));

  await studio.generation("A red barn in a field").getByRole("button", { name: "Use as input" }).click();
  await expect(studio.tray.getByRole("img")).toHaveCount(1);
  await expect(studio.prompt).toBeFocused();
  const second = await studio.original(await studio.generate("make it sepia"));

  await studio.generation("make it sepia").getByRole("button", { name: "Use as input" }).click();
  await studio.original(await studio.generate("rotate it"));

  // Each edit remembers what it was made from, and shows it.
  const inputs = studio.generation("make it sepia").getByRole("list", { name: "Inputs of this edit" }).getByRole("img");
  await expect(inputs).toHaveCount(1);
  await expect(inputs).toHaveAttribute("src", `${first.url}/thumbnail`);

  const sent = await fakeApi.requests(request);
  expect(sent.map((call) => call.model)).toEqual(["bytedance/seedream-v4-text-to-image", EDIT_MODEL, EDIT_MODEL]);
  expect(sent[1]?.inputs?.map((input) => input.sha256)).toEqual([first.sha256]);
  expect(sent[2]?.inputs?.map((input) => input.sha256)).toEqual([second.sha256]);
});

test("a file that is not an image is refused with its own sentence", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.addImages([{ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just some text, not a picture") }]);
  await expect(page.getByRole("alert").filter({ hasText: "notes.png" })).toContainText("not an image");
  await expect(studio.tray).toHaveCount(0);
  expect(await fakeApi.requests(request)).toHaveLength(0);
});

test("Generate pressed while a picture is still uploading waits for it, then sends it", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  // The upload is held back long enough to press Generate while it travels.
  const release = await holdUploads(page);
  await studio.addImages([{ name: "slow.png", mimeType: "image/png", buffer: await photo("#aa3355") }]);
  await studio.prompt.fill("make it green");
  await studio.generateButton.click();
  await expect(page.getByText("Waiting for 1 upload to finish; the edit starts as soon as it is in.")).toBeVisible();
  expect(await fakeApi.requests(request)).toHaveLength(0);

  release();
  await studio.expectResult(studio.generation("make it green"));
  const [sent] = await fakeApi.requests(request);
  expect(sent).toMatchObject({ model: EDIT_MODEL });
  expect(sent?.inputs).toHaveLength(1);
  await page.unrouteAll({ behavior: "wait" });
});

test("an upload that fails while Generate waits for it sends nothing, and says so", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const release = await holdUploads(page);
  await studio.addImages([{ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just some text, not a picture") }]);
  await studio.prompt.fill("make it green");
  await studio.generateButton.click();
  await expect(page.getByText("Waiting for 1 upload to finish")).toBeVisible();

  release();
  // The notice itself, not the copy Radix briefly reads out to screen readers.
  const notices = page.getByRole("region", { name: /^Notifications/ });
  await expect(notices.getByText("An upload failed, so nothing was sent: check the inputs, then press Generate again.")).toBeVisible();
  await expect(studio.generation("make it green")).toHaveCount(0);
  expect(await fakeApi.requests(request)).toHaveLength(0);
  await page.unrouteAll({ behavior: "wait" });
});
