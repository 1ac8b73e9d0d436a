import { expect, test, type BrowserContext, type Page, type Request } from "@playwright/test";
import sharp from "sharp";
import { API_ROUTES } from "@/lib/shared/api-routes";
import { startBufferingProxy } from "./support/buffering-proxy";
import { StudioPage } from "./support/studio-page";

/**
 * Results are pushed: one event stream per browser (shared by its tabs), the page's cache written
 * from it, no polling while it is live, and a quiet slow poll when a proxy holds the stream back.
 */

const isStream = (request: Request) => new URL(request.url()).pathname === API_ROUTES.events;

/** Opens the studio in a new tab of `context` and waits until the tab is on the page. */
async function openTab(context: BrowserContext, baseURL: string): Promise<StudioPage> {
  const page = await context.newPage();
  const studio = new StudioPage(page);
  await page.goto(baseURL);
  await expect(studio.prompt).toBeVisible();
  return studio;
}

/** Two tabs, the first holding the stream: opened before the second, it takes the stream's lock. */
async function openTwoTabs(context: BrowserContext, baseURL: string): Promise<[StudioPage, StudioPage]> {
  const streamOpened = context.waitForEvent("request", isStream);
  const first = await openTab(context, baseURL);
  await streamOpened;
  return [first, await openTab(context, baseURL)];
}

/** What a page asks the server for, images and built assets aside. */
function watchRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith("/_next/") || /^\/api\/images\/[^/]+(\/thumbnail)?$/.test(pathname)) return;
    seen.push(request.headers()["next-action"] ? `action ${request.postData()?.slice(0, 12)}` : `${request.method()} ${pathname}`);
  });
  return seen;
}

test("a finished job reaches both tabs with no poll and no request after the start", async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  try {
    const [first, second] = await openTwoTabs(context, baseURL!);
    // Let the first tab's stream greet before the job starts, so nothing is left to catch up on.
    await first.page.waitForTimeout(500);
    const sentByFirst = watchRequests(first.page);
    const sentBySecond = watchRequests(second.page);

    const generation = await first.generate("A heron on one leg at dusk");
    await first.expectResult(generation);
    await second.expectResult(second.generation("A heron on one leg at dusk"));
    expect(sentByFirst.filter((entry) => entry.startsWith("action"))).toEqual(['action [{"model":"s']);
    expect(sentByFirst.filter((entry) => !entry.startsWith("action") && entry !== `GET ${API_ROUTES.ledger}`)).toEqual([]);
    expect(sentBySecond.filter((entry) => entry !== `GET ${API_ROUTES.ledger}`)).toEqual([]);

    // An upload in the second tab shows in the first.
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#2a9" } }).png().toBuffer();
    await second.addImages([{ name: "from-the-other-tab.png", mimeType: "image/png", buffer: png }]);
    await expect(first.page.getByRole("article", { name: "Upload: from-the-other-tab.png" })).toBeVisible();
  } finally {
    await context.close();
  }
});

test("a finished result draws from the thumbnail its event carried, in every tab; a reload fetches it", async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  try {
    const [first, second] = await openTwoTabs(context, baseURL!);
    await first.page.waitForTimeout(500);
    const thumbnailsAskedFor: string[] = [];
    context.on("request", (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.endsWith("/thumbnail")) thumbnailsAskedFor.push(pathname);
    });

    const prompt = "A lantern at the end of a pier";
    const result = await first.expectResult(await first.generate(prompt));
    const inOtherTab = await second.expectResult(second.generation(prompt));
    const original = await result.locator("xpath=ancestor::a").getAttribute("href");
    expect(original).toMatch(/^\/api\/images\/[0-9a-f-]{36}$/);
    for (const image of [result, inOtherTab]) await expect(image).toHaveAttribute("src", /^data:image\/webp;base64,/);
    expect(thumbnailsAskedFor.filter((path) => path === `${original}/thumbnail`)).toEqual([]);
    // The very bytes the thumbnail route serves.
    const served = await first.page.request.get(`${original}/thumbnail`);
    const pushed = Buffer.from((await result.getAttribute("src"))!.split(",")[1]!, "base64");
    expect(pushed.equals(await served.body())).toBe(true);

    await first.page.reload();
    const reloaded = await first.expectResult(first.generation(prompt));
    await expect(reloaded).toHaveAttribute("src", `${original}/thumbnail`);
  } finally {
    await context.close();
  }
});

test("seven tabs share one stream, and the seventh tab's actions still work", async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  try {
    const streams: { url: string; page: Page }[] = [];
    context.on("request", (request) => {
      if (isStream(request)) streams.push({ url: request.url(), page: request.frame().page() });
    });
    const tabs: StudioPage[] = [];
    for (let index = 0; index < 7; index++) tabs.push(await openTab(context, baseURL!));
    const seventh = tabs[6]!;
    const generation = await seventh.generate("Seven tabs, one stream");
    await seventh.expectResult(generation);
    await tabs[0]!.expectResult(tabs[0]!.generation("Seven tabs, one stream"));
    await tabs[3]!.expectResult(tabs[3]!.generation("Seven tabs, one stream"));
    expect(streams).toHaveLength(1);

    // The tab holding the stream closes: another takes over, resuming where it left off. The holder
    // is whichever tab asked for the stream first once its live code loaded, usually the first opened.
    const holder = tabs.find((tab) => tab.page === streams[0]!.page)!;
    const others = tabs.filter((tab) => tab !== holder);
    const handedOver = context.waitForEvent("request", isStream);
    await holder.page.close();
    expect(new URL((await handedOver).url()).searchParams.get("since")).toMatch(/^\d+$/);
    const after = await others[4]!.generate("After the hand-over");
    await others[4]!.expectResult(after);
    await others[0]!.expectResult(others[0]!.generation("After the hand-over"));
  } finally {
    await context.close();
  }
});

test("behind a proxy that buffers the stream, the page falls back to a slow poll and says nothing alarming", async ({ browser, baseURL }) => {
  test.setTimeout(150_000);
  const proxy = await startBufferingProxy(baseURL!);
  const context = await browser.newContext();
  try {
    const studio = await openTab(context, proxy.origin);
    const sent = watchRequests(studio.page);
    const generation = await studio.generate("A lighthouse behind a buffering proxy");
    // Nothing arrives on the stream; after 35 s of silence the page asks on its own.
    await expect(generation.getByRole("img", { name: /^Result 1 of/ })).toBeVisible({ timeout: 90_000 });
    expect(sent).toContain(`GET ${API_ROUTES.generations}`);
    // Next's route announcer is an empty alert region; no notice with words in it may appear.
    await expect(studio.page.getByRole("alert").filter({ hasText: /\S/ })).toHaveCount(0);
  } finally {
    await context.close();
    await proxy.close();
  }
});
