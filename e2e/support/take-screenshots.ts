/**
 * Screenshots of the studio as a person sees it, for the README: desktop and phone, light and dark.
 * Run against a started studio (offline engine is fine):
 *   STUDIO_URL=http://127.0.0.1:3555 npx tsx e2e/support/take-screenshots.ts docs/screenshots
 */
import { chromium, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "./chromium";

const BASE = process.env.STUDIO_URL ?? "http://127.0.0.1:3555";
const OUT = process.argv[2] ?? "docs/screenshots";
const SIZES = [
  { name: "laptop", width: 1280, height: 720, mobile: false },
  { name: "desktop", width: 1440, height: 900, mobile: false },
  { name: "phone", width: 390, height: 844, mobile: true },
] as const;
/** Prompts with the size and count each is made at, so the wall shows its mix of shapes. */
const RUNS = [
  { prompt: "A lighthouse on a cliff at dusk", size: "Landscape 16:9", count: 1 },
  { prompt: "A red fox in fresh snow", size: "Square HD", count: 2 },
  { prompt: "A bowl of lemons on a blue table", size: "Portrait 4:3", count: 1 },
  { prompt: "Paper lanterns over a night market", size: "Landscape 4:3", count: 1 },
  { prompt: "A tall pine on a misty ridge", size: "Portrait 16:9", count: 2 },
  { prompt: "A copper kettle on a stove", size: "Square HD", count: 1 },
];

async function seed(page: Page) {
  await page.goto(BASE);
  const cards = page.getByRole("list", { name: "Generations" }).getByRole("article");
  if ((await cards.count()) >= RUNS.length) return;
  for (const { prompt, size, count } of RUNS) {
    await page.getByRole("button", { name: /^Size: / }).click();
    await page.getByRole("group", { name: "Size", exact: true }).getByRole("radio", { name: size, exact: true }).check();
    await page.keyboard.press("Escape");
    await page.getByRole("group", { name: "Images", exact: true }).getByRole("radio", { name: String(count), exact: true }).check();
    await page.getByLabel("Prompt").fill(prompt);
    await page.getByRole("button", { name: "Generate" }).click();
    await page.getByRole("article", { name: `Generation: ${prompt}` }).getByRole("img").first().waitFor();
  }
  // One edit, so the wall shows where an edit came from.
  const fox = page.getByRole("article", { name: "Generation: A red fox in fresh snow" });
  await fox.getByRole("button", { name: "Use as input" }).first().click();
  await page.getByLabel("Prompt").fill("make it black and white");
  await page.getByRole("button", { name: "Generate" }).click();
  await page.getByRole("article", { name: "Generation: make it black and white" }).getByRole("img", { name: /^Result/ }).first().waitFor();
  await page.getByLabel("Prompt").fill("");
}

async function main() {
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  const context = await browser.newContext();
  await seed(await context.newPage());
  const state = await context.storageState();
  for (const size of SIZES) {
    for (const scheme of ["light", "dark"] as const) {
      const view = await browser.newContext({
        storageState: state,
        viewport: { width: size.width, height: size.height },
        colorScheme: scheme,
        isMobile: size.mobile,
        hasTouch: size.mobile,
        deviceScaleFactor: 1,
      });
      const page = await view.newPage();
      await page.goto(BASE);
      await page.waitForLoadState("networkidle");
      // The inputs strip arrives after the first paint; the pictures shown should be in it.
      await page.getByRole("list", { name: "Inputs", exact: true }).getByRole("img").first().waitFor({ timeout: 5_000 }).catch(() => undefined);
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${OUT}/${size.name}-${scheme}.png` });
      if (size.name !== "desktop") {
        // The viewer, with the edit box under the image.
        await page.getByRole("article", { name: "Generation: A lighthouse on a cliff at dusk" }).getByRole("img").first().click();
        await page.getByRole("dialog").waitFor();
        await page.waitForTimeout(500);
        await page.screenshot({ path: `${OUT}/${size.name}-viewer-${scheme}.png` });
      }
      await view.close();
    }
  }
  await browser.close();
}

void main();
