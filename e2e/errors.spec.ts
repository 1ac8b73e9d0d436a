import { expect, test } from "@playwright/test";
import { SEEDREAM_ERRORS } from "@/lib/shared/seedream/errors";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

const shownSentences = [
  { fault: "401", code: "unauthorized", retry: false },
  { fault: "403", code: "out_of_credits", retry: false },
  { fault: "500", code: "provider_error", retry: true },
  { fault: "504", code: "provider_timeout", retry: true },
  { fault: "safety", code: "safety_rejected", retry: false },
  { fault: "empty", code: "safety_rejected", retry: false },
  { fault: "garbage", code: "bad_response", retry: true },
] as const;

for (const { fault, code, retry } of shownSentences) {
  test(`[fault:${fault}] shows its sentence in the page`, async ({ page, request }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    const prompt = `A quiet harbour [fault:${fault}]`;
    const generation = await studio.generate(prompt);

    // A slow answer to a prompt alone suggests no "fewer or smaller images": there were none to make fewer.
    const sentence = code === "provider_timeout" ? "The image service took too long to answer; try again in a moment." : SEEDREAM_ERRORS[code].sentence;
    await expect(generation.getByRole("alert")).toHaveText(sentence);
    await expect(generation.getByRole("button", { name: "Retry" })).toHaveCount(retry ? 1 : 0);
    await expect(studio.prompt).toHaveValue(prompt);
    // 500 and 504 might have run (and been charged): the studio never sends them twice by itself.
    expect(await fakeApi.requests(request)).toHaveLength(1);
  });
}

test("a rate limit that clears is retried by itself and the image appears", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const generation = await studio.generate("Three tries [fault:429x2]");
  await studio.expectResult(generation);
  const sent = await fakeApi.requests(request);
  expect(sent.map((call) => call.status)).toEqual([429, 429, 200]);
  expect(new Set(sent.map((call) => call.clientRequestId)).size).toBe(1);
});

test("Retry runs a failed generation again in the failed card's place, not beside it", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.expectResult(await studio.generate("Steady before"));
  const failed = await studio.generate("Flaky [fault:500]");
  await expect(failed.getByRole("alert")).toBeVisible();
  await studio.expectResult(await studio.generate("Steady after"));
  const order = () => studio.generations.evaluateAll((cards) => cards.map((card) => card.getAttribute("aria-label")));
  expect(await order()).toEqual(["Generation: Steady after", "Generation: Flaky [fault:500]", "Generation: Steady before"]);

  await failed.getByRole("button", { name: "Retry" }).click();
  await expect.poll(async () => (await fakeApi.requests(request)).length).toBe(4);
  // The retry failed too: still one card for it, in the same place, never a wall of red.
  await expect(studio.generations).toHaveCount(3);
  await expect(studio.generations.getByRole("alert")).toHaveCount(1);
  expect(await order()).toEqual(["Generation: Steady after", "Generation: Flaky [fault:500]", "Generation: Steady before"]);
  await page.reload();
  await expect(studio.generations).toHaveCount(3);
  await expect(studio.generations.getByRole("alert")).toHaveCount(1);
});
