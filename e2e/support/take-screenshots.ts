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
const PROMPTS = ["A lighthouse on a cliff at dusk", "A red fox in fresh snow", "A bowl of lemons on a blue table"];

async function seed(page: Page) {
  await page.goto(BASE);
  const cards = page.getByRole("list", { name: "Generations" }).getByRole("article");
  if ((await cards.count()) >= PROMPTS.length) return;
  for (const prompt of PROMPTS) {
    await page.getByLabel("Prompt").fill(prompt);
    await page.getByRole("button", { name: "Generate" }).click();
    await page.getByRole("article", { name: `Generation: ${prompt}` }).getByRole("img").first().waitFor();
  }
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
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${OUT}/${size.name}-${scheme}.png` });
      await view.close();
    }
  }
  await browser.close();
}

void main();
