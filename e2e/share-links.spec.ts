import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import type { BoardView, ShareLinkView } from "@/lib/shared/boards";
import { accepted, actionIds, StudioActions } from "./support/studio-actions";
import { StudioPage } from "./support/studio-page";

/**
 * Read-only share links: visitor A shares, visitor B (another browser context, no cookies of its
 * own) opens the link and sees exactly what it shares, live, until A revokes it.
 */

async function seriousAxeViolations(page: Page): Promise<string[]> {
  return (await new AxeBuilder({ page }).analyze()).violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

/** A result's image id, as the page links to its original. */
async function resultId(studio: StudioPage, prompt: string): Promise<string> {
  return (await studio.original(await studio.generate(prompt))).id;
}

/** A stranger: a fresh context with no cookies, which must get none from a share page either. */
async function stranger(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page };
}

test("a shared board shows its images and nothing else, updates live, and answers 404 once revoked", async ({ page, browser }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const actions = new StudioActions(page.request, actionIds());
  const fox = await resultId(studio, "A fox on the shared board");
  const owl = await resultId(studio, "A private owl nobody else sees");

  const board = accepted<BoardView>(await actions.call("createBoard", { name: "Team board" }));
  accepted(await actions.call("addToBoard", { boardId: board.id, imageIds: [fox] }));
  const link = accepted<ShareLinkView>(await actions.call("createShareLink", { kind: "board", boardId: board.id }));
  expect(link.token).toMatch(/^[A-Za-z0-9_-]{32}$/);

  const b = await stranger(browser);
  try {
    const answer = await b.page.goto(`/s/${link.token}`);
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()["cache-control"]).toContain("no-store");
    expect(answer?.headers()["set-cookie"]).toBeUndefined();
    await expect(b.page).toHaveTitle("Team board · a shared board");
    expect(await b.page.locator('meta[property="og:image"]').getAttribute("content")).toMatch(new RegExp(`/s/${link.token}/images/${fox}/thumbnail$`));
    await expect(b.page.getByRole("heading", { name: "Team board" })).toBeVisible();
    await expect(b.page.getByRole("img", { name: "A fox on the shared board" })).toBeVisible();
    await expect(b.page.getByRole("img", { name: /private owl/ })).toHaveCount(0);
    // View only: nothing to press, nothing to submit, and every picture under the token.
    await expect(b.page.getByRole("button")).toHaveCount(0);
    await expect(b.page.locator("form")).toHaveCount(0);
    const sources = await b.page.locator("img").evaluateAll((images) => images.map((image) => image.getAttribute("src")));
    for (const source of sources) expect(source).toMatch(new RegExp(`^/s/${link.token}/images/[0-9a-f-]{36}(/thumbnail)?$`));
    expect(await seriousAxeViolations(b.page)).toEqual([]);

    // Nothing else is reachable through the token, nor without it.
    const image = await b.page.request.get(`/s/${link.token}/images/${fox}`);
    expect(image.status()).toBe(200);
    expect(image.headers()["cache-control"]).toBe("no-store");
    expect(image.headers()["set-cookie"]).toBeUndefined();
    expect((await b.page.request.get(`/s/${link.token}/images/${owl}`)).status()).toBe(404);
    expect((await b.page.request.get(`/s/${link.token}/images/${owl}/thumbnail`)).status()).toBe(404);
    // Another token one character off (a token may itself end in "x").
    const forged = `${link.token.slice(0, -1)}${link.token.endsWith("x") ? "y" : "x"}`;
    expect((await b.page.request.get(`/s/${forged}/images/${fox}`)).status()).toBe(404);
    expect(await b.context.cookies()).toEqual([]);
    expect((await b.page.request.get(`/api/images/${fox}`)).status()).toBe(404);

    // A adds a result to the board (auto-add): B's page shows it with no reload.
    let loads = 0;
    b.page.on("load", () => (loads += 1));
    accepted(await actions.call("setAutoAddBoard", { boardId: board.id }));
    await studio.expectResult(await studio.generate("A heron lands while B watches"));
    await expect(b.page.getByRole("img", { name: "A heron lands while B watches" })).toBeVisible();
    accepted(await actions.call("addToBoard", { boardId: board.id, imageIds: [owl] }));
    await expect(b.page.getByRole("img", { name: "A private owl nobody else sees" })).toBeVisible();
    expect(loads).toBe(0);

    // Revoked: the page, the images and the stream answer 404 at once, and B's open page says so.
    accepted(await actions.call("revokeShareLink", link.id));
    expect((await b.page.request.get(`/s/${link.token}`)).status()).toBe(404);
    expect((await b.page.request.get(`/s/${link.token}/images/${fox}`)).status()).toBe(404);
    expect((await b.page.request.get(`/s/${link.token}/images/${fox}/thumbnail`)).status()).toBe(404);
    expect((await b.page.request.get(`/s/${link.token}/events`)).status()).toBe(404);
    await expect(b.page.getByRole("heading", { name: "This page could not be found." })).toBeVisible();
    await expect(b.page.getByRole("img", { name: "A fox on the shared board" })).toHaveCount(0);
  } finally {
    await b.context.close();
  }
});

test("an image link shows that image only; a lineage link shows its family and nothing beyond it", async ({ page, browser }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const actions = new StudioActions(page.request, actionIds());
  const first = await resultId(studio, "A lone lighthouse for one link");
  const other = await resultId(studio, "An unrelated teapot");
  const imageLink = accepted<ShareLinkView>(await actions.call("createShareLink", { kind: "image", imageId: first }));
  const lineageLink = accepted<ShareLinkView>(await actions.call("createShareLink", { kind: "lineage", imageId: first }));
  const listed = accepted<ShareLinkView[]>(await actions.read("/api/shares"));
  expect(listed.map((entry) => [entry.kind, entry.title])).toEqual([
    ["lineage", "Lineage of “A lone lighthouse for one link”"],
    ["image", "Image “A lone lighthouse for one link”"],
  ]);

  const b = await stranger(browser);
  try {
    await b.page.goto(`/s/${imageLink.token}`);
    await expect(b.page).toHaveTitle("“A lone lighthouse for one link” · shared from Seedream Studio");
    expect(await b.page.locator('meta[property="og:title"]').getAttribute("content")).toBe(
      "“A lone lighthouse for one link” · shared from Seedream Studio",
    );
    await expect(b.page.getByRole("img", { name: "A lone lighthouse for one link" })).toBeVisible();
    await expect(b.page.getByRole("img")).toHaveCount(1);
    expect((await b.page.request.get(`/s/${imageLink.token}/images/${other}`)).status()).toBe(404);
    expect(await seriousAxeViolations(b.page)).toEqual([]);

    await b.page.goto(`/s/${lineageLink.token}`);
    await expect(b.page.getByRole("group", { name: "Step: A lone lighthouse for one link" })).toBeVisible();
    await expect(b.page.getByRole("group", { name: "Step: An unrelated teapot" })).toHaveCount(0);
    expect((await b.page.request.get(`/s/${lineageLink.token}/images/${first}/thumbnail`)).status()).toBe(200);
    expect((await b.page.request.get(`/s/${lineageLink.token}/images/${other}/thumbnail`)).status()).toBe(404);
    expect(await seriousAxeViolations(b.page)).toEqual([]);
    expect(await b.context.cookies()).toEqual([]);

    accepted(await actions.call("revokeShareLink", imageLink.id));
    expect((await b.page.request.get(`/s/${imageLink.token}`)).status()).toBe(404);
    expect((await b.page.request.get(`/s/${imageLink.token}/images/${first}`)).status()).toBe(404);
    // The other link to the same image is untouched.
    expect((await b.page.request.get(`/s/${lineageLink.token}/images/${first}`)).status()).toBe(200);
  } finally {
    await b.context.close();
  }
});
