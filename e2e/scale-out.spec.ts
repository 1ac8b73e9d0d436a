import { expect, test, type BrowserContext } from "@playwright/test";
import { API_ROUTES } from "@/lib/shared/api-routes";
import { fakeApi } from "./support/fake-api";
import { StudioPage } from "./support/studio-page";

/**
 * The PostgreSQL deployment is two instances and a worker (playwright.config.ts): the project's
 * baseURL, which runs jobs, and this second instance, which only records them. One browser, one
 * visitor cookie, a tab on each: the two pages share nothing but the database.
 */
const SECOND_INSTANCE = `http://127.0.0.1:${3105 + Number(process.env.E2E_PORT_OFFSET ?? 0)}`;

async function openTab(context: BrowserContext, url: string): Promise<StudioPage> {
  const page = await context.newPage();
  const studio = new StudioPage(page);
  const streamOpened = page.waitForRequest((request) => new URL(request.url()).pathname === API_ROUTES.events);
  await page.goto(url);
  await expect(studio.prompt).toBeVisible();
  await streamOpened;
  return studio;
}

test("a job started on one instance shows live on a page of the other, and Cancel there stops its provider call", async ({ browser, baseURL, request }) => {
  const context = await browser.newContext();
  try {
    const first = await openTab(context, baseURL!);
    const second = await openTab(context, SECOND_INSTANCE);
    // Let both streams greet before anything starts.
    await second.page.waitForTimeout(500);

    const prompt = "A paper boat on a still pond";
    await first.expectResult(await first.generate(prompt));
    // Pushed to the second instance's page: it never asked, and was not reloaded.
    await second.expectResult(second.generation(prompt));

    const hanging = "A kite that never lands [fault:hang]";
    await first.generate(hanging);
    const sent = async () => (await fakeApi.requests(request)).filter((call) => call.prompt === hanging);
    await expect.poll(async () => (await sent()).length).toBe(1);
    const onSecond = second.generation(hanging);
    await onSecond.getByRole("button", { name: "Cancel" }).click();
    await expect(onSecond).toContainText("Canceled.");
    await expect(first.generation(hanging)).toContainText("Canceled.");
    // Whichever process ran it dropped the call to the provider.
    await expect.poll(async () => Boolean((await sent())[0]?.clientGoneAt)).toBe(true);
  } finally {
    await context.close();
  }
});
