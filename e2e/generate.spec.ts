import { expect, test } from "@playwright/test";
import { TEXT_TO_IMAGE_MODEL } from "@/lib/shared/seedream/limits";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

test("a prompt becomes an image through the AI/ML API", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await expect(page.getByText("Seedream v4 via AI/ML API")).toBeVisible();

  // Recorded as it happens: with the fake's 300 ms the pending card can come and go between two of
  // Playwright's polls, more so where a job waits to be claimed from the database first.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { __statuses: string[] }).__statuses = []);
    new MutationObserver(() => {
      for (const status of document.querySelectorAll('article [role="status"]')) seen.push(status.textContent ?? "");
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const generation = await studio.generate("A lighthouse on a cliff at dusk");
  const original = await studio.original(generation);
  const statuses = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
  expect(statuses.some((text) => text.startsWith("Generating…"))).toBe(true);
  expect(original).toMatchObject({ format: "png", width: 1024, height: 1024 });
  await expect(generation).toContainText("63,000 credits");

  const [sent] = await fakeApi.requests(request);
  expect(sent).toMatchObject({
    authorized: true,
    status: 200,
    model: TEXT_TO_IMAGE_MODEL,
    prompt: "A lighthouse on a cliff at dusk",
    openapiValid: true,
    extraFields: [],
  });
  expect(sent?.clientRequestId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
});

test("Ctrl+Enter generates from the prompt box", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.prompt.fill("A paper boat on a puddle");
  await studio.prompt.press("Control+Enter");
  await studio.expectResult(studio.generation("A paper boat on a puddle"));
  expect(await fakeApi.requests(request)).toHaveLength(1);
});

test("an empty prompt is explained in place and nothing is sent", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.prompt.fill("   ");
  await studio.generateButton.click();
  await expect(page.getByRole("alert").filter({ hasText: "Write a prompt first." })).toBeVisible();
  await expect(studio.prompt).toHaveAttribute("aria-invalid", "true");
  expect(await fakeApi.requests(request)).toHaveLength(0);
});

test("every request the studio sends validates against the official OpenAPI schema", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.expectResult(await studio.generate("First"));
  await studio.expectResult(await studio.generate("Second, with more words in it"));
  const sent = await fakeApi.requests(request);
  expect(sent).toHaveLength(2);
  for (const call of sent) {
    expect(call.openapiErrors).toEqual([]);
    expect(call.extraFields).toEqual([]);
  }
});

test("Generate sends its request before the page redraws anything", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.prompt.fill("A kettle on a stove at dawn");
  // With a seed typed (it clears after the run) the click changes the form as well as the gallery.
  await studio.openSettings();
  await studio.seed.fill("31");
  await page.evaluate(() => {
    const marks = ((window as unknown as { __marks: { redrawn: number } }).__marks = { redrawn: 0 });
    new MutationObserver(() => (marks.redrawn ||= performance.now())).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const sent = page.waitForRequest((request) => request.method() === "POST" && request.headers()["next-action"] !== undefined);
  await page.getByRole("button", { name: "Generate" }).click();
  await sent;
  await studio.expectResult(studio.generation("A kettle on a stove at dawn"));
  const { redrawn, requested } = await page.evaluate(() => {
    const start = performance.getEntriesByType("resource").find((entry) => entry.name.endsWith("/") && (entry as PerformanceResourceTiming).initiatorType === "fetch");
    return { redrawn: (window as unknown as { __marks: { redrawn: number } }).__marks.redrawn, requested: start?.startTime ?? Infinity };
  });
  // The request is on its way (fetch called) before the first change to the page: nothing renders ahead of it.
  expect(redrawn).toBeGreaterThan(0);
  expect(requested).toBeLessThan(redrawn);
});
