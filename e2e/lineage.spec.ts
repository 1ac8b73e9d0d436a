import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator } from "@playwright/test";
import { fakeApi } from "./support/fake-api";
import { LineagePage } from "./support/lineage-page";
import { StudioPage, type StoredImage } from "./support/studio-page";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

const PROMPTS = ["A lighthouse on a cliff", "make it night", "add fog", "add a ship", "make it day"] as const;
const [FIRST, NIGHT, FOG, SHIP, DAY] = PROMPTS;

/** The generation id behind a card, read from its result's original (`/api/images/<id>` → the view's generation). */
async function edit(studio: StudioPage, from: string, prompt: string): Promise<StoredImage> {
  await studio.generation(from).getByRole("button", { name: "Use as input" }).click();
  await expect(studio.tray.getByRole("img")).toHaveCount(1);
  return studio.original(await studio.generate(prompt));
}

/** generate → refine three times → branch at step 2: five images, the family the issue describes. */
async function family(studio: StudioPage): Promise<Record<(typeof PROMPTS)[number], StoredImage>> {
  const first = await studio.original(await studio.generate(FIRST));
  const night = await edit(studio, FIRST, NIGHT);
  const fog = await edit(studio, NIGHT, FOG);
  const ship = await edit(studio, FOG, SHIP);
  const day = await edit(studio, NIGHT, DAY);
  return { [FIRST]: first, [NIGHT]: night, [FOG]: fog, [SHIP]: ship, [DAY]: day } as Record<(typeof PROMPTS)[number], StoredImage>;
}

async function stepId(step: Locator): Promise<string> {
  const id = await step.evaluate((element) => element.closest("[data-step-id]")?.getAttribute("data-step-id") ?? "");
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  return id;
}

test("the lineage shows five images, the branch, and each step's prompt on its edges", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const images = await family(studio);
  const lineage = new LineagePage(page);

  await lineage.openFrom(studio, SHIP);
  await expect(lineage.dialog).toContainText("5 images, 5 steps.");
  await expect(lineage.images).toHaveCount(5);
  await expect(lineage.result(SHIP)).toHaveAttribute("aria-current", "true");

  // Each step names what it was made from: the prompt of the step above on every edge.
  const madeFrom: [string, string][] = [
    [NIGHT, FIRST],
    [FOG, NIGHT],
    [SHIP, FOG],
    [DAY, NIGHT],
  ];
  for (const [step, parent] of madeFrom) {
    await expect(lineage.step(step)).toHaveAccessibleDescription(`Made from: image 1, Result 1 of “${parent}”`);
  }
  await expect(lineage.step(FIRST)).not.toHaveAttribute("aria-describedby");

  // The branch: the night image has two edges out, one to each of its children.
  const fromNight = await lineage.dialog.locator(`path[data-edge-from="${images[NIGHT].id}"]`).count();
  expect(fromNight).toBe(2);
  expect(await lineage.edgesInto(await stepId(lineage.step(DAY)))).toEqual([images[NIGHT].id]);
  expect(await lineage.edgesInto(await stepId(lineage.step(FOG)))).toEqual([images[NIGHT].id]);
  expect(await lineage.edgesInto(await stepId(lineage.step(SHIP)))).toEqual([images[FOG].id]);
  await expect(lineage.dialog.locator("path[data-edge-from]")).toHaveCount(4);

  // The prompt diff of the picked step against the step before.
  await lineage.result(FOG).click();
  const change = lineage.dialog.getByRole("region", { name: "Prompt change" });
  await expect(change.locator("ins")).toContainText("fog");
  await expect(change.locator("del")).toContainText("night");
});

test("Use as input on step 1 puts exactly that image in the inputs", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const images = await family(studio);
  const lineage = new LineagePage(page);

  await lineage.openFrom(studio, DAY);
  await lineage.result(FIRST).click();
  await expect(lineage.result(FIRST)).toHaveAttribute("aria-pressed", "true");
  await lineage.action("Use as input").click();
  await expect(lineage.dialog).toHaveCount(0);
  const tray = studio.tray.getByRole("img");
  await expect(tray).toHaveCount(1);
  await expect(tray).toHaveAttribute("src", `${images[FIRST].url}/thumbnail`);
  await expect(studio.prompt).toBeFocused();
});

test("compare opens against the right parent, and [ ] C E walk the lineage from the keyboard", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const images = await family(studio);
  const lineage = new LineagePage(page);

  // The branch's parent is the night image, not the newest image or the step-3 one.
  await lineage.openFrom(studio, DAY);
  await lineage.action("Compare with parent").click();
  const viewer = page.getByRole("dialog", { name: DAY });
  await expect(viewer.getByRole("img", { name: /^Before/ })).toHaveAttribute("src", images[NIGHT].url);
  await expect(viewer.getByRole("img", { name: /^After/ })).toHaveAttribute("src", images[DAY].url);

  // [ goes to the parent, still comparing (with its own parent now); ] to its first child.
  await page.keyboard.press("[");
  await expect(page.getByRole("dialog", { name: NIGHT })).toBeVisible();
  await expect(page.getByRole("dialog", { name: NIGHT }).getByRole("img", { name: /^Before/ })).toHaveAttribute("src", images[FIRST].url);
  await page.keyboard.press("c");
  await expect(page.getByRole("dialog", { name: NIGHT }).getByRole("img", { name: /^Before/ })).toHaveCount(0);
  await page.keyboard.press("]");
  await expect(page.getByRole("dialog", { name: FOG })).toBeVisible();
  await expect(page.getByRole("dialog", { name: FOG }).locator("ins")).toContainText("fog");

  // E continues from the image on screen.
  await page.keyboard.press("e");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(studio.tray.getByRole("img")).toHaveAttribute("src", `${images[FOG].url}/thumbnail`);

  // In the lineage the same keys move the pick.
  await lineage.openFrom(studio, SHIP);
  await lineage.result(SHIP).focus();
  await page.keyboard.press("[");
  await expect(lineage.result(FOG)).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("[");
  await expect(lineage.result(NIGHT)).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("]");
  await expect(lineage.result(FOG)).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("c");
  await expect(page.getByRole("dialog", { name: FOG }).getByRole("img", { name: /^Before/ })).toHaveAttribute("src", images[NIGHT].url);
});

test("Replay chain re-runs every step from the first with the same prompts and seeds", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const images = await family(studio);
  const chain = [FIRST, NIGHT, FOG, SHIP];
  const seeds = new Map<string, string>();
  for (const prompt of chain) {
    const seed = /seed (\d+)/.exec((await studio.generation(prompt).textContent()) ?? "")?.[1];
    expect(seed, prompt).toMatch(/^\d+$/);
    seeds.set(prompt, seed!);
  }
  const before = (await fakeApi.requests(request)).length;
  const lineage = new LineagePage(page);

  await lineage.openFrom(studio, SHIP);
  await lineage.action("Replay chain").click();
  await expect(lineage.dialog).toHaveCount(0);
  // The four steps of the ship's chain run one after another; the branch is not part of it.
  await expect.poll(async () => (await fakeApi.requests(request)).slice(before).filter((call) => call.status === 200).length, { timeout: 30_000 }).toBe(4);
  // Newest first: the replayed steps now head the gallery, each with its picture.
  await expect(studio.generations.first()).toHaveAccessibleName(`Generation: ${SHIP}`);
  const newest = await studio.newestCards(5);
  expect(newest).toEqual([...chain].reverse().map((prompt) => `Generation: ${prompt}`).concat(`Generation: ${DAY}`));
  const outputs: string[] = [];
  for (const prompt of chain) outputs.push((await studio.original(studio.generation(prompt).first())).sha256);

  const replayed = (await fakeApi.requests(request)).slice(before);
  expect(replayed.map((call) => call.prompt)).toEqual(chain);
  expect(replayed.map((call) => String(call.body?.seed))).toEqual(chain.map((prompt) => seeds.get(prompt)));
  // Each replayed edit took the replayed step before it, not the original one.
  expect(replayed.slice(1).map((call) => call.inputs?.[0]?.sha256)).toEqual(outputs.slice(0, 3));

  // Drift: a replayed step is compared with the step it re-ran in one click.
  await (await studio.expectResult(studio.generation(SHIP).first())).click();
  const viewer = page.getByRole("dialog", { name: SHIP });
  await page.keyboard.press("c");
  await viewer.getByRole("radio", { name: "Original" }).check();
  await expect(viewer.getByRole("img", { name: /^Before/ })).toHaveAttribute("src", images[SHIP].url);
});

test("compare picks another input or a sibling in one click", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const fox = await studio.original(await studio.generate("a red fox"));
  const moon = await studio.original(await studio.generate("a full moon"));
  await studio.generation("a red fox").getByRole("button", { name: "Use as input" }).click();
  await studio.generation("a full moon").getByRole("button", { name: "Add to inputs" }).click();
  await expect(studio.tray.getByRole("img")).toHaveCount(2);
  await studio.imagesOption(2).check();
  const card = await studio.generate("put image 2 above image 1");
  const first = await studio.original(card, 0);
  const second = await studio.original(card, 1);

  await (await studio.expectResult(card, 0)).click();
  const viewer = page.getByRole("dialog", { name: "put image 2 above image 1" });
  await page.keyboard.press("c");
  const before = viewer.getByRole("img", { name: /^Before/ });
  await expect(before).toHaveAttribute("src", fox.url);
  await expect(viewer.getByRole("img", { name: /^After/ })).toHaveAttribute("src", first.url);

  await viewer.getByRole("radio", { name: "Input 2" }).check();
  await expect(before).toHaveAttribute("src", moon.url);
  await viewer.getByRole("radio", { name: "Result 2" }).check();
  // A sibling of the same run is called by its name, not "Before"/"After".
  await expect(viewer.getByRole("img", { name: "Result 2 of the same run" })).toHaveAttribute("src", second.url);
  await expect(before).toHaveCount(0);
  await expect(viewer.getByText("This image", { exact: true })).toBeVisible();
});

test("a 4 × 4 fan-out stays readable, on a desktop and on a phone, with nothing overlapping", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.imagesOption(4).check();
  const root = await studio.generate("four lanterns");
  await studio.expectResult(root, 3);
  const lineage = new LineagePage(page);
  // Each of the four results, continued from in the lineage, edited into four more.
  for (let index = 0; index < 4; index++) {
    await lineage.openFrom(studio, index === 0 ? "four lanterns" : `lantern ${index} in four colours`);
    // Clicking the picked image opens it; the first result starts out picked.
    const node = lineage.result("four lanterns", index + 1);
    if ((await node.getAttribute("aria-pressed")) !== "true") await node.click();
    await expect(node).toHaveAttribute("aria-pressed", "true");
    await lineage.action("Use as input").click();
    await studio.imagesOption(4).check();
    await studio.expectResult(await studio.generate(`lantern ${index + 1} in four colours`), 3);
  }
  await lineage.openFrom(studio, "lantern 3 in four colours");
  await expect(lineage.images).toHaveCount(20);
  await expect(lineage.dialog).toContainText("20 images, 5 steps.");

  for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
    await page.setViewportSize(viewport);
    // Every node, scrolled to, is a whole box of its own.
    const boxes = [];
    for (const node of await lineage.images.all()) {
      await node.scrollIntoViewIfNeeded();
      await expect(node).toBeInViewport({ ratio: 1 });
      boxes.push(await node.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const drawing = element.closest("[role=group]")!.parentElement!.getBoundingClientRect();
        return { x: box.x - drawing.x, y: box.y - drawing.y, width: box.width, height: box.height };
      }));
    }
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(true);
      }
    }
    // The dialog itself never scrolls sideways: the drawing does, inside it.
    expect(await lineage.dialog.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  }

  const scan = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(scan.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""))).toEqual([]);
});
