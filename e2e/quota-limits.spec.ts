import { expect, test } from "@playwright/test";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";

/**
 * The "quota" project's server allows two images an hour per visitor and per IP
 * (STUDIO_RATE_LIMIT=2, see playwright.config.ts) and talks to the fake AI/ML API, which reports
 * 63,000 credits an image as the real one does.
 */
test("a run is priced before it starts, today's spend adds up, and the third image in an hour waits", async ({ page, request }) => {
  await fakeApi.clear(request);
  const studio = new StudioPage(page);
  await studio.goto();
  const ledger = page.getByRole("status", { name: "Spend today" });
  await expect(ledger).toHaveText("Today: 0 images · 0 credits ($0.00)");

  await expect(page.getByText("≈ 63,000 credits ($0.0315)")).toBeVisible();
  await studio.imagesOption(2).check();
  await expect(page.getByText("≈ 126,000 credits ($0.063)")).toBeVisible();
  await studio.imagesOption(1).check();
  await expect(page.getByText("≈ 63,000 credits ($0.0315)")).toBeVisible();

  const first = await studio.generate("The first of two");
  await studio.expectResult(first);
  await expect(first).toContainText("63,000 credits");
  await expect(ledger).toHaveText("Today: 1 image · 63,000 credits ($0.0315)");
  await studio.expectResult(await studio.generate("The second of two"));
  await expect(ledger).toHaveText("Today: 2 images · 126,000 credits ($0.063)");

  const refused = await studio.generate("One too many");
  await expect(refused.getByRole("alert")).toHaveText(
    /^You've made 2 images in the last hour, the limit here; you can make more in (\d+ minutes|1 hour)\.$/,
  );
  // Retrying now would only be refused again; the sentence says when to come back instead.
  await expect(refused.getByRole("button", { name: "Retry" })).toHaveCount(0);
  expect(await fakeApi.requests(request)).toHaveLength(2);

  // The count is the store's, not the page's: a reload still knows, and still refuses.
  await page.reload();
  await expect(ledger).toHaveText("Today: 2 images · 126,000 credits ($0.063)");
  await expect(studio.generation("One too many")).toHaveCount(0);
  const again = await studio.generate("Still one too many");
  await expect(again.getByRole("alert")).toContainText("You've made 2 images in the last hour");
  expect(await fakeApi.requests(request)).toHaveLength(2);
});

test("a new cookie and a forged X-Forwarded-For do not reset the hourly limit", async ({ browser, request }) => {
  // The test above used this address's two images; the server trusts no proxy (the default), so
  // the address is the socket's, whatever the header claims.
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.77", "x-real-ip": "198.51.100.78" } });
  try {
    const studio = new StudioPage(await context.newPage());
    await studio.goto();
    const refused = await studio.generate("A fresh cookie from a forged address");
    await expect(refused.getByRole("alert")).toContainText("images in the last hour");
    expect(await fakeApi.requests(request)).toHaveLength(2);
  } finally {
    await context.close();
  }
});
