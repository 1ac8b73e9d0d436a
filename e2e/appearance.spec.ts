import { expect, test } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

const layouts = [
  { name: "desktop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 360, height: 740 } },
] as const;

for (const { name, viewport } of layouts) {
  for (const colorScheme of ["light", "dark"] as const) {
    test(`the studio looks finished: ${name}, ${colorScheme}`, async ({ browser }, testInfo) => {
      const page = await browser.newPage({ viewport, colorScheme });
      const studio = new StudioPage(page);
      await studio.goto();
      await studio.expectResult(await studio.generate(`A harbour at dawn, ${name} ${colorScheme}`));

      const dark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
      expect(dark).toBe(colorScheme === "dark");
      // Nothing wider than the screen: no sideways scrolling at phone width.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const offenders = await page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
          .map((element) => element.tagName + (element.getAttribute("aria-label") ? `[${element.getAttribute("aria-label")}]` : "")),
      );
      expect(offenders).toEqual([]);
      const path = testInfo.outputPath(`studio-${name}-${colorScheme}.png`);
      await page.screenshot({ path, fullPage: true });
      await testInfo.attach(`studio-${name}-${colorScheme}`, { path, contentType: "image/png" });
      await page.close();
    });
  }
}

test("no serious or critical accessibility violations on the page, in the tray and in the viewer", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const serious = async () =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);

  expect(await serious()).toEqual([]);

  const generation = await studio.generate("An accessible lighthouse");
  await studio.expectResult(generation);
  await generation.getByRole("button", { name: "Use as input" }).click();
  await expect(studio.tray.getByRole("img")).toHaveCount(1);
  expect(await serious()).toEqual([]);

  await (await studio.expectResult(generation)).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  expect(await serious()).toEqual([]);
});

test("every control is reachable with the keyboard alone", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.expectResult(await studio.generate("Tab through me"));
  await page.locator("body").click({ position: { x: 1, y: 1 } });

  const reached = new Set<string>();
  let menuOpened = false;
  for (let step = 0; step < 80; step++) {
    await page.keyboard.press("Tab");
    const name = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return null;
      return element.getAttribute("aria-label") || element.textContent?.trim() || element.getAttribute("name") || element.tagName;
    });
    if (name) reached.add(name);
    // The rest of a result's actions are one Enter away, in its "More actions" menu, and Tab walks it.
    if (name === "More actions" && !menuOpened) {
      await page.keyboard.press("Enter");
      menuOpened = true;
    }
  }
  for (const control of ["Generate", "Add images", "Use as input", "Add to inputs", "Reuse settings", "Lineage", "Download", "Delete"]) {
    expect([...reached].some((name) => name.includes(control)), `${control} is reachable by Tab`).toBe(true);
  }
});
