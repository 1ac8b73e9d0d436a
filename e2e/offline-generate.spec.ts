import { expect, test } from "@playwright/test";
import { StudioPage } from "./support/studio-page";

test("with no key the studio says so and makes images offline", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await expect(page.getByText(/Offline engine: no API key set/)).toBeVisible();
  await expect(page.getByText("Offline engine: free")).toBeVisible();

  const generation = await studio.generate("A red kite over green hills");
  expect(await studio.original(generation)).toMatchObject({ format: "png", width: 1024, height: 1024 });
});
