import { readFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import ExifReader from "exifreader";
import { unzipSync } from "fflate";
import sharp from "sharp";
import { lineageDocument } from "@/lib/shared/lineage/document";
import { fakeApi } from "./support/fake-api";
import { StudioPage, type StoredImage } from "./support/studio-page";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

const PROMPT = "A lighthouse on a cliff — 灯台, at dusk";
const EDIT_PROMPT = "Make it night & add stars";

async function pixels(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes).raw().toBuffer();
}

async function seedOf(card: Locator): Promise<string> {
  const seed = /seed (\d+)/.exec((await card.textContent()) ?? "")?.[1];
  expect(seed).toBeDefined();
  return seed!;
}

async function downloadFromViewer(page: Page, studio: StudioPage, card: Locator, prompt: string): Promise<{ name: string; bytes: Buffer }> {
  await (await studio.expectResult(card)).click();
  const viewer = page.getByRole("dialog", { name: prompt });
  await expect(viewer).toBeVisible();
  const saved = page.waitForEvent("download");
  await viewer.getByRole("button", { name: "Download", exact: true }).click();
  const download = await saved;
  const bytes = await readFile((await download.path())!);
  await page.keyboard.press("Escape");
  await expect(viewer).toHaveCount(0);
  return { name: download.suggestedFilename(), bytes };
}

test("Download writes the prompt, seed and parents into the PNG; Export session zips every original with its lineage", async ({ page, browser, baseURL }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const firstCard = await studio.generate(PROMPT);
  const first: StoredImage = await studio.original(firstCard);
  const firstSeed = await seedOf(firstCard);
  await firstCard.getByRole("button", { name: "Use as input" }).click();
  await expect(studio.tray.getByRole("img")).toHaveCount(1);
  const editCard = await studio.generate(EDIT_PROMPT);
  const edit = await studio.original(editCard);
  const editSeed = await seedOf(editCard);

  const downloaded = await downloadFromViewer(page, studio, firstCard, PROMPT);
  expect(downloaded.name).toMatch(new RegExp(`^seedream-\\d{4}-\\d{2}-\\d{2}-a-lighthouse-on-a-cliff-at-dusk-seed-${firstSeed}-1\\.png$`));
  const metadata = await sharp(downloaded.bytes).metadata();
  expect([metadata.format, metadata.width, metadata.height]).toEqual(["png", first.width, first.height]);
  const parameters = metadata.comments?.find((comment) => comment.keyword === "parameters")?.text;
  expect(parameters).toBe(`${PROMPT}\nSeed: ${firstSeed}, Size: ${first.width}x${first.height}, Model: bytedance/seedream-v4-text-to-image`);
  expect(ExifReader.load(downloaded.bytes, { expanded: true }).xmp?.description?.description).toBe(PROMPT);
  expect((await pixels(downloaded.bytes)).equals(await pixels(first.bytes))).toBe(true);

  const editDownload = await downloadFromViewer(page, studio, editCard, EDIT_PROMPT);
  const editParameters = (await sharp(editDownload.bytes).metadata()).comments?.[0]?.text;
  expect(editParameters).toBe(`${EDIT_PROMPT}\nSeed: ${editSeed}, Size: ${edit.width}x${edit.height}, Model: bytedance/seedream-v4-edit, Parents: ${first.id}`);

  const exporting = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export session" }).click();
  const exported = await exporting;
  expect(exported.suggestedFilename()).toMatch(/^seedream-session-\d{4}-\d{2}-\d{2}\.zip$/);
  const files = unzipSync(await readFile((await exported.path())!));
  const document = lineageDocument.parse(JSON.parse(Buffer.from(files["lineage.json"]!).toString("utf8")));

  expect(Object.keys(files).sort()).toEqual([...document.images.map((image) => image.path), "lineage.json"].sort());
  expect(document.images.map((image) => image.id)).toEqual(expect.arrayContaining([first.id, edit.id]));
  for (const image of document.images) {
    const served = await page.request.get(`/api/images/${image.id}`);
    expect(served.status()).toBe(200);
    expect(Buffer.from(files[image.path]!).equals(await served.body())).toBe(true);
  }
  const editGeneration = document.generations.find((generation) => generation.outputImageIds.includes(edit.id));
  expect(editGeneration).toMatchObject({ prompt: EDIT_PROMPT, model: "bytedance/seedream-v4-edit", inputImageIds: [first.id], status: "succeeded" });
  expect(document.edges).toContainEqual({ from: first.id, to: edit.id, generationId: editGeneration!.id, inputIndex: 0 });

  // Someone else (another browser) gets 404 for these ids and an export without them.
  const stranger = await browser.newContext({ baseURL });
  const strangerPage = await stranger.newPage();
  await strangerPage.goto("/");
  expect((await strangerPage.request.get(`/api/images/${first.id}/download`)).status()).toBe(404);
  const theirs = await strangerPage.request.get("/api/export");
  expect(theirs.headers()["content-disposition"]).toMatch(/^attachment; filename="seedream-session-\d{4}-\d{2}-\d{2}\.zip"/);
  const theirFiles = unzipSync(await theirs.body());
  expect(Object.keys(theirFiles)).toEqual(["lineage.json"]);
  await stranger.close();
});

test("the download route answers a malformed or unknown id with the same 404", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const unknown = await page.request.get("/api/images/01a2070f-0000-7000-8000-000000000000/download");
  const malformed = await page.request.get("/api/images/not-an-id/download");
  expect([unknown.status(), malformed.status()]).toEqual([404, 404]);
  expect(await unknown.text()).toBe(await malformed.text());
});
