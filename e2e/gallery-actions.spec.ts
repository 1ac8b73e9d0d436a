import { expect, test, type Page } from "@playwright/test";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

test("Add to inputs appends results to the tray in order", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const first = await studio.original(await studio.generate("A blue door"));
  const second = await studio.original(await studio.generate("A yellow window"));

  await studio.generation("A blue door").getByRole("button", { name: "Add to inputs" }).click();
  await studio.generation("A yellow window").getByRole("button", { name: "Add to inputs" }).click();
  await expect(studio.tray.getByRole("img")).toHaveCount(2);

  await studio.expectResult(await studio.generate("put them side by side"));
  const sent = await fakeApi.requests(request);
  expect(sent.at(-1)?.inputs?.map((input) => input.sha256)).toEqual([first.sha256, second.sha256]);
});

test("Reuse settings puts a result's prompt, size, count and seed back into the form", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.expectResult(await studio.generate("A copper kettle"));
  const [first] = await fakeApi.requests(request);
  await studio.prompt.fill("something else");

  await studio.imageAction(studio.generation("A copper kettle"), "Reuse settings");
  await expect(studio.prompt).toHaveValue("A copper kettle");
  await expect(studio.prompt).toBeFocused();
  await studio.generateButton.click();
  await expect(studio.generations).toHaveCount(2);
  await expect.poll(async () => (await fakeApi.requests(request)).length).toBe(2);
  const [, again] = await fakeApi.requests(request);
  expect(again?.body).toMatchObject({ prompt: "A copper kettle", image_size: first?.body?.image_size, num_images: 1 });
  // The first run drew its seed; reusing it pins that seed so the picture can be made again.
  expect(again?.body?.seed).toEqual(expect.any(Number));
});

test("Delete hides a result at once, Undo brings it back, and without Undo it is gone for good", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const kept = await studio.original(await studio.generate("Keep me"));
  const card = studio.generation("Keep me");

  await studio.imageAction(card, "Delete");
  await expect(card).toHaveCount(0);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(card).toBeVisible();

  await studio.imageAction(card, "Delete");
  await expect(card).toHaveCount(0);
  await expect.poll(async () => (await page.request.get(kept.url)).status(), { timeout: 12_000 }).toBe(404);
  await page.reload();
  await expect(studio.generation("Keep me")).toHaveCount(0);
});

test("the first More actions opened on a fresh page lists every action, and the first one chosen works", async ({ page }) => {
  // The menu's actions arrive on demand, so the very first menu opened must have them all.
  const { studio, card } = await freshPageWithResult(page, "A red kite over the hills");
  await card.getByRole("button", { name: "More actions" }).first().click();
  const menu = page.getByRole("dialog", { name: /^Actions for / });
  for (const name of ["Open", "Use as input", "Add to inputs", "Reuse settings", "Lineage", "Download", "Boards…", "Share image", "Share lineage", "Delete"]) {
    await expect(menu.getByRole("button", { name, exact: true })).toBeVisible();
  }
  await menu.getByRole("button", { name: "Use as input", exact: true }).click();
  await expect(menu).toBeHidden();
  await expect(studio.tray.getByRole("img")).toHaveCount(1);
});

test("a tile's Download on a fresh page saves the picture under its meaningful name", async ({ page }) => {
  // The download's own code arrives with the first click, so the first click on a fresh page must save.
  const { studio, card } = await freshPageWithResult(page, "A lantern by the river");
  const saving = page.waitForEvent("download");
  await studio.imageAction(card, "Download");
  expect((await saving).suggestedFilename()).toMatch(/^seedream-\d{4}-\d{2}-\d{2}-a-lantern-by-the-river-seed-\d+-1\.png$/);
});

/** A result made, then the page loaded afresh: nothing loaded on demand has arrived yet. */
async function freshPageWithResult(page: Page, prompt: string) {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.expectResult(await studio.generate(prompt));
  await page.reload();
  return { studio, card: studio.generation(prompt) };
}
