import type { Request } from "@playwright/test";
import { launchChromium } from "../bench/support/browser";
import type { ActionIds } from "./action-client";

/**
 * Server action ids are hashes chosen at build time, so the load test learns them the way a browser
 * does: one real page clicks Generate and the id rides on its `next-action` request, the one whose
 * body is the settings object. (Job status is a plain GET route and needs no id.)
 */
export async function captureActionIds(origin: string): Promise<ActionIds> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ baseURL: origin });
    const found: Partial<ActionIds> = {};
    const seen = new Promise<ActionIds>((resolve) => {
      page.on("request", (request: Request) => {
        const actionId = request.headers()["next-action"];
        if (request.method() !== "POST" || !actionId) return;
        const body = request.postData() ?? "";
        if (isStartBody(body)) found.startGeneration ??= actionId;
        if (found.startGeneration) resolve(found as ActionIds);
      });
    });
    await page.goto("/");
    await page.getByLabel("Prompt").fill("The load test's own first picture");
    await page.getByRole("button", { name: "Generate" }).click();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`No startGeneration request seen: ${JSON.stringify(found)}`)), 30_000);
    });
    try {
      return await Promise.race([seen, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
  }
}

function isStartBody(body: string): boolean {
  try {
    const [first] = JSON.parse(body) as unknown[];
    return typeof first === "object" && first !== null && "settings" in first;
  } catch {
    return false;
  }
}
