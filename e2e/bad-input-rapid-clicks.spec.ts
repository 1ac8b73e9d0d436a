import { expect, test } from "@playwright/test";
import type { ActionResult } from "@/lib/shared/errors";
import type { GenerationView } from "@/lib/shared/gallery/view";
import { Visitor } from "./support/bad-input";
import { actionResult } from "./support/studio-actions";

/**
 * A thousand clicks on Generate, as fast as the page takes them. Each click is a real request: the
 * server must answer every one (a job, or with a quota on, the quota's sentence), stay up, and
 * bring every job it accepted to an end.
 */

const CLICKS = 1_000;
/** lib/server/quotas/quota-error.ts: who reached which limit, then how long to wait or how many to ask for. */
const QUOTA_SENTENCE = /^(?:You've|Your network has|This studio|The limit here)\b.*(?:in \d+ (?:minutes?|hours?)|or fewer)\.$/;

test.describe.configure({ mode: "serial" });

let visitor: Visitor;
const answers: Array<{ status: number; result: ActionResult<GenerationView> | null; text: string }> = [];
const accepted: string[] = [];

test.afterAll(async () => visitor?.close());

test("a thousand rapid clicks on Generate: every click answered, no 500, every accepted job finished", async ({ browser }) => {
  test.setTimeout(10 * 60_000);
  visitor = await Visitor.open(browser);
  const { page, studio, actions } = visitor;
  // Answers are read on their way through a route: Chromium drops the bodies of a thousand from its buffer.
  await page.route("/", async (route) => {
    const request = route.request();
    if (request.method() !== "POST" || request.headers()["next-action"] !== actions.ids.startGeneration) return route.continue();
    const response = await route.fetch({ timeout: 5 * 60_000 });
    const body = await response.body();
    const status = response.status();
    const answer = { status, body, text: body.toString("utf8"), headers: response.headers() };
    answers.push({ status, text: answer.text, result: status === 200 ? actionResult<GenerationView>(answer) : null });
    await route.fulfill({ response, body });
  });

  await studio.prompt.fill("One of a thousand lighthouses");
  await studio.openSize();
  await studio.sizeOption("Square").click();
  await studio.generateButton.evaluate((button: HTMLButtonElement, clicks: number) => {
    for (let click = 0; click < clicks; click += 1) button.click();
  }, CLICKS);

  await expect.poll(() => answers.length, { timeout: 5 * 60_000, intervals: [1_000] }).toBe(CLICKS);

  const failures = answers.filter((answer) => answer.status !== 200);
  expect(failures.map((answer) => `${answer.status}: ${answer.text.slice(0, 200)}`)).toEqual([]);
  for (const { result } of answers) {
    if (result!.ok) {
      accepted.push(result!.value.id);
      continue;
    }
    expect(result!.error, "a refusal is the quota's, in its own words").toMatchObject({
      code: "quota_exceeded",
      message: expect.stringMatching(QUOTA_SENTENCE),
    });
  }
  expect(new Set(accepted).size, "each accepted click is its own job").toBe(accepted.length);
  expect(accepted.length).toBeGreaterThan(0);

  // Still up, and still answering people.
  expect((await page.request.get("/")).status()).toBe(200);

  // Every accepted job reaches an end (settled waits for it), and with a healthy provider that end is an image.
  const finished = await actions.settled(accepted, 6 * 60_000);
  expect(finished.map((generation) => generation.id).sort()).toEqual([...accepted].sort());
  const outcomes = finished.reduce<Record<string, number>>((counts, generation) => {
    const key = generation.error ? `${generation.status}: ${generation.error.code}` : generation.status;
    return { ...counts, [key]: (counts[key] ?? 0) + 1 };
  }, {});
  expect(outcomes, "every accepted job made its image").toEqual({ succeeded: accepted.length });
});
