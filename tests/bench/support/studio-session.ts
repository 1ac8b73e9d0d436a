import type { Browser, BrowserContext, Page } from "@playwright/test";
import { VISITOR_COOKIE } from "@/lib/server/visitor-id";

/** A tall desktop window: the whole form, Generate included, and the newest card fit without scrolling. */
const VIEWPORT = { width: 1440, height: 1300 };

export interface StudioSession {
  context: BrowserContext;
  page: Page;
  /** The visitor the page's cookie names, to read its records from the store afterwards. */
  visitorId(): Promise<string>;
}

/** A fresh visitor (own context: cookies, localStorage) on the studio page, ready for input. */
export async function openStudio(browser: Browser, origin: string): Promise<StudioSession> {
  const context = await browser.newContext({ baseURL: origin, viewport: VIEWPORT });
  // tsx compiles bench files with esbuild's keepNames, which wraps inner functions in __name();
  // functions handed to page.evaluate carry that call into the page, where it must exist.
  await context.addInitScript({ content: "globalThis.__name = (target) => target;" });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByLabel("Prompt").waitFor({ state: "visible" });
  return {
    context,
    page,
    async visitorId() {
      const cookie = (await context.cookies(origin)).find((entry) => entry.name === VISITOR_COOKIE);
      if (!cookie) throw new Error(`The studio set no ${VISITOR_COOKIE} cookie.`);
      return cookie.value;
    },
  };
}
