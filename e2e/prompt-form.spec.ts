import { expect, test, type Page } from "@playwright/test";
import { SEED_MAX } from "@/lib/shared/seedream/limits";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

test("every setting chosen in the form reaches the API as chosen", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.prompt.fill("Form settings: a tall ship in a storm");
  await studio.openSize();
  await studio.sizeOption("Portrait 16:9").check();
  await studio.imagesOption(2).check();
  await studio.openSettings();
  await studio.seed.fill("1234");
  await expect(studio.safetyChecker).toBeChecked();
  await studio.safetyChecker.uncheck();
  await expect(studio.safetyChecker).not.toBeChecked();
  await studio.generateButton.click();

  await studio.expectResult(studio.generation("Form settings: a tall ship in a storm"));
  const sent = await fakeApi.requests(request);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({
    openapiValid: true,
    extraFields: [],
    body: { image_size: "portrait_16_9", num_images: 2, seed: 1234, enable_safety_checker: false },
  });
});

test("a custom size keeps its aspect ratio when one side changes", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.prompt.fill("Form aspect: a wide valley at noon");
  await studio.openSize();
  await studio.sizeOption("Custom").check();
  await expect(studio.width).toBeVisible();

  // The lock is on by default; set the starting shape with it off, then turn it on.
  await expect(studio.keepAspectRatio).toHaveAttribute("aria-pressed", "true");
  await studio.keepAspectRatio.click();
  await expect(studio.keepAspectRatio).toHaveAttribute("aria-pressed", "false");
  await studio.width.fill("2048");
  await studio.height.fill("1536");
  await expect(studio.width).toHaveValue("2048");
  await studio.keepAspectRatio.click();
  await expect(studio.keepAspectRatio).toHaveAttribute("aria-pressed", "true");

  await studio.width.fill("4096");
  await expect(studio.height).toHaveValue("3072");
  await studio.generateButton.click();

  await expect.poll(async () => (await fakeApi.requests(request)).length).toBe(1);
  const [sent] = await fakeApi.requests(request);
  expect(sent).toMatchObject({ openapiValid: true, extraFields: [], body: { image_size: { width: 4096, height: 3072 } } });
});

test("a width below 1024 is explained beside Width and nothing is sent", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.prompt.fill("Form limits: a narrow door");
  await studio.openSize();
  await studio.sizeOption("Custom").check();
  await studio.width.fill("800");
  await studio.generateButton.click();

  const problem = "Width and height must be at least 1024 pixels.";
  await expect(page.getByRole("alert").filter({ hasText: problem })).toBeVisible();
  await expect(studio.width).toHaveAttribute("aria-invalid", "true");
  await expect(studio.width).toHaveAccessibleDescription(/Width and height must be at least 1024 pixels\./);
  await expect(studio.width).toBeFocused();
  expect(await fakeApi.requests(request)).toHaveLength(0);

  // Fixed, the sentence leaves at once.
  await studio.width.fill("1024");
  await expect(page.getByRole("alert").filter({ hasText: problem })).toHaveCount(0);
  await expect(studio.width).not.toHaveAttribute("aria-invalid", "true");
  expect(await fakeApi.requests(request)).toHaveLength(0);
});

test("Ctrl+Enter generates from any control in the form", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.prompt.fill("Form shortcut: a fox in the snow");
  await studio.openSettings();
  await studio.seed.fill("77");
  await studio.seed.press("Control+Enter");
  await studio.expectResult(studio.generation("Form shortcut: a fox in the snow"));

  await studio.prompt.fill("Form shortcut: a heron on a post");
  await studio.openSettings();
  await studio.safetyChecker.focus();
  await studio.safetyChecker.press("Control+Enter");
  await studio.expectResult(studio.generation("Form shortcut: a heron on a post"));
  // The shortcut runs the form; it does not flip the switch it was pressed on.
  await expect(studio.safetyChecker).toBeChecked();

  const sent = await fakeApi.requests(request);
  expect(sent.map((call) => call.body?.prompt)).toEqual(["Form shortcut: a fox in the snow", "Form shortcut: a heron on a post"]);
  expect(sent[0]?.body?.seed).toBe(77);
});

test("Keep seed keeps it across runs; without it the seed clears; the dice draws one", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.prompt.fill("Form seed kept: a paper lantern");
  await studio.openSettings();
  await studio.seed.fill("4242");
  await studio.keepSeed.click();
  await expect(studio.keepSeed).toHaveAttribute("aria-pressed", "true");
  await studio.generateButton.click();
  await studio.expectResult(studio.generation("Form seed kept: a paper lantern"));
  await studio.openSettings();
  await expect(studio.seed).toHaveValue("4242");

  await studio.keepSeed.click();
  await expect(studio.keepSeed).toHaveAttribute("aria-pressed", "false");
  await studio.prompt.fill("Form seed cleared: a brass lantern");
  await studio.generateButton.click();
  await studio.expectResult(studio.generation("Form seed cleared: a brass lantern"));
  await studio.openSettings();
  await expect(studio.seed).toHaveValue("");
  expect((await fakeApi.requests(request)).map((call) => call.body?.seed)).toEqual([4242, 4242]);

  await studio.randomSeed.click();
  await expect(studio.seed).toHaveValue(/^\d+$/);
  const drawn = Number(await studio.seed.inputValue());
  expect(Number.isInteger(drawn)).toBe(true);
  expect(drawn).toBeGreaterThanOrEqual(1);
  expect(drawn).toBeLessThanOrEqual(SEED_MAX);
});

/** Scripts the HTML of "/" names: the first load. Everything else arrives after the first paint. */
async function firstLoadScripts(page: Page): Promise<Set<string>> {
  const html = await (await page.request.get("/")).text();
  return new Set([...html.matchAll(/\/_next\/static\/[^"'\s\\<>]+?\.js/g)].map(([path]) => path));
}

test("Generate pressed before the form's checks have arrived waits for them, then sends", async ({ page, request }) => {
  const firstLoad = await firstLoadScripts(page);
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/**/*.js", async (route) => {
    if (!firstLoad.has(new URL(route.request().url()).pathname)) await held;
    await route.fallback();
  });
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.prompt.fill("Checks late: a kestrel hovering");
  await studio.generateButton.click();
  await page.waitForTimeout(500);
  expect(await fakeApi.requests(request)).toHaveLength(0);
  release();
  await studio.expectResult(studio.generation("Checks late: a kestrel hovering"));
  expect(await fakeApi.requests(request)).toHaveLength(1);
});

test("with every script after the first paint refused, the studio stays up, Generate sends nothing and says so", async ({ page, request }) => {
  // A connection lost just after the page arrived: nothing loaded after the first paint comes.
  const firstLoad = await firstLoadScripts(page);
  await page.route("**/_next/static/**/*.js", (route) =>
    firstLoad.has(new URL(route.request().url()).pathname) ? route.fallback() : route.abort("connectionreset"),
  );
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.prompt.fill("Checks lost: a heron at dusk");
  await studio.generateButton.click();
  await expect(page.getByText("Part of the page did not load, so nothing was sent")).toBeVisible();
  expect(await fakeApi.requests(request)).toHaveLength(0);
  // The parts that could not arrive are missing; the page itself is not replaced by an error screen.
  await expect(page.getByRole("heading", { name: "Seedream Studio" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Gallery" })).toBeVisible();

  // Back online, the same button works without a reload.
  await page.unrouteAll({ behavior: "wait" });
  await studio.generateButton.click();
  await studio.expectResult(studio.generation("Checks lost: a heron at dusk"));
  await expect(page.getByText("Part of the page did not load, so nothing was sent")).toHaveCount(0);
});
