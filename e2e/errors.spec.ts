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

    await expect(generation.getByRole("alert")).toHaveText(SEEDREAM_ERRORS[code].sentence);
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

test("Retry runs a failed generation again", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const failed = await studio.generate("Flaky [fault:500]");
  await failed.getByRole("button", { name: "Retry" }).click();
  await expect(studio.generations).toHaveCount(2);
  await expect(studio.generations.getByRole("alert")).toHaveCount(2);
  expect(await fakeApi.requests(request)).toHaveLength(2);
});
