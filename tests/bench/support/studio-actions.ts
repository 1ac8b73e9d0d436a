import type { Page, Request } from "@playwright/test";
import { generationsPath } from "@/lib/shared/api-routes";
import { launchChromium } from "./browser";
import { openStudio } from "./studio-session";

const POLL_MS = 500;

/** A server action as the studio's page sent it: replayed from the bench with a new body. */
export interface CapturedAction {
  headers: Record<string, string>;
  body: string;
}

export async function captureActions(origin: string, prompt: string): Promise<{ start: CapturedAction; visitorId: string }> {
  const browser = await launchChromium();
  try {
    const session = await openStudio(browser, origin);
    const captured: Promise<CapturedAction | null>[] = [];
    session.page.on("request", (request) => captured.push(capture(request)));
    await generateInPage(session.page, `${prompt}, warm-up`);
    const actions = (await Promise.all(captured)).filter((action): action is CapturedAction => action !== null);
    const start = actions.find((action) => action.body.startsWith('[{"model"'));
    if (!start) throw new Error("The page sent no startGeneration action to copy.");
    return { start, visitorId: await session.visitorId() };
  } finally {
    await browser.close();
  }
}

async function capture(request: Request): Promise<CapturedAction | null> {
  if (request.method() !== "POST") return null;
  const headers = await request.allHeaders();
  if (!headers["next-action"]) return null;
  const { host: _host, "content-length": _length, ...kept } = headers;
  return { headers: kept, body: request.postData() ?? "" };
}

async function generateInPage(page: Page, prompt: string): Promise<void> {
  await page.getByLabel("Prompt").fill(prompt);
  await page.getByRole("button", { name: "Generate" }).click();
  await page
    .getByRole("article", { name: `Generation: ${prompt}` })
    .getByRole("img", { name: /^Result 1 of/ })
    .waitFor({ state: "visible", timeout: 60_000 });
}

export async function callAction(origin: string, action: CapturedAction, body: string): Promise<string> {
  const response = await fetch(`${origin}/`, { method: "POST", headers: action.headers, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`A server action answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

/** The action's answer is React's flight format; the ActionResult is one JSON row of it. */
export function generationId(flight: string): string {
  const id = /"ok":true,"value":\{"id":"([0-9a-f-]{36})"/.exec(flight)?.[1];
  if (!id) throw new Error(`startGeneration did not answer with a job: ${flight.slice(0, 300)}`);
  return id;
}

/** Job status as the page reads it: GET /api/generations with the visitor's cookie; the statuses once none is pending. */
export async function waitUntilSettled(origin: string, cookie: string, ids: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${origin}${generationsPath(ids)}`, { headers: { cookie } });
    const text = await response.text();
    if (!response.ok) throw new Error(`Job status answered ${response.status}: ${text.slice(0, 300)}`);
    if (!/"status":"(queued|running)"/.test(text)) return [...text.matchAll(/"status":"(\w+)"/g)].map((match) => match[1]!);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`Jobs still pending after ${timeoutMs / 1000} s.`);
}
