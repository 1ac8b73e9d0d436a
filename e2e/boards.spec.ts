import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { StudioPage } from "./support/studio-page";

/**
 * Boards, favourites and search as a person uses them: a star on a result, a board made from the
 * board menu, auto-add for new results, and the gallery narrowed by each (answered by the server).
 */

async function seriousAxeViolations(page: Page, selector: string): Promise<string[]> {
  return (await new AxeBuilder({ page }).include(selector).analyze()).violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

const isAction = (request: { method(): string; headers(): Record<string, string> }) => request.method() === "POST" && "next-action" in request.headers();

/** Every server action reaches the server 1.5 s late; `answered` settles when the next one has been answered. */
async function slowActions(page: Page): Promise<{ answered: Promise<unknown> }> {
  await page.route("**/*", async (route) => {
    if (isAction(route.request())) await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.fallback();
  });
  return { answered: page.waitForResponse((response) => isAction(response.request())) };
}

/** What the tab holding the live stream relays when the page must read everything again. */
async function resyncFromAnotherTab(page: Page): Promise<void> {
  await page.evaluate(() => new BroadcastChannel("seedream-studio-live-events").postMessage({ message: { type: "resync" }, sequence: null }));
}

test("star, board menu, auto-add, and the favourites, board and search filters", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const fox = await studio.generate("A copper fox under birch trees");
  await studio.expectResult(fox);
  const owl = await studio.generate("A snowy owl at midnight");
  await studio.expectResult(owl);

  // Favourites: the star, and the filter that shows only starred pictures.
  const star = fox.getByRole("button", { name: /^Favourite: Result 1 of/ });
  await expect(star).toHaveAttribute("aria-pressed", "false");
  await star.click();
  await expect(star).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "★ Favourites" }).click();
  await expect(studio.generation("A copper fox under birch trees")).toBeVisible();
  await expect(studio.generation("A snowy owl at midnight")).toHaveCount(0);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(studio.generation("A snowy owl at midnight")).toBeVisible();

  // The board menu: a new board made there takes the picture at once.
  await owl.getByRole("button", { name: "More actions" }).click();
  await page.getByRole("button", { name: "Boards…" }).click();
  const picker = page.getByRole("dialog", { name: /^Boards for Result 1 of/ });
  await picker.getByLabel("New board").fill("Night birds");
  await picker.getByRole("button", { name: "Create" }).click();
  await expect(picker.getByRole("checkbox", { name: "Night birds" })).toBeChecked();
  expect(await seriousAxeViolations(page, '[role="dialog"]')).toEqual([]);
  await picker.getByRole("button", { name: "Close" }).click();

  // Auto-add, from the boards dialog: the next result lands on the board too.
  await page.getByRole("button", { name: "Manage boards" }).click();
  const boards = page.getByRole("dialog", { name: "Boards and share links" });
  await boards.getByRole("listitem", { name: "Board “Night birds”" }).getByLabel("Add new results to this board").check();
  await expect(boards.getByRole("listitem", { name: "Board “Night birds”" })).toContainText("1 image");
  expect(await seriousAxeViolations(page, '[role="dialog"]')).toEqual([]);
  await boards.getByRole("button", { name: "Close" }).click();
  await studio.expectResult(await studio.generate("A barn owl over a field"));

  await page.getByRole("combobox", { name: "Board" }).selectOption({ label: "Night birds" });
  await expect(studio.generation("A snowy owl at midnight")).toBeVisible();
  await expect(studio.generation("A barn owl over a field")).toBeVisible();
  await expect(studio.generation("A copper fox under birch trees")).toHaveCount(0);
  await page.getByRole("button", { name: "Clear filters" }).click();

  // Search by prompt words (all must appear), then by model.
  await page.getByRole("searchbox", { name: "Search images" }).fill("owl midnight");
  await expect(studio.generation("A barn owl over a field")).toHaveCount(0);
  await expect(studio.generation("A snowy owl at midnight")).toBeVisible();
  await expect(studio.generation("A copper fox under birch trees")).toHaveCount(0);
  await page.getByRole("searchbox", { name: "Search images" }).fill("");
  await page.getByRole("combobox", { name: "Model" }).selectOption({ label: "Seedream 4.5" });
  await expect(studio.generations).toHaveCount(0);
  await page.getByRole("combobox", { name: "Model" }).selectOption({ label: "Seedream v4" });
  await expect(studio.generation("A copper fox under birch trees")).toBeVisible();
  expect(await seriousAxeViolations(page, 'search')).toEqual([]);

  // Starred stays starred across a reload: it is the server's.
  await page.reload();
  await expect(studio.generation("A copper fox under birch trees").getByRole("button", { name: /^Favourite: Result 1 of/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
});

test("a board or a search on screen shows new results as they land, and the board's count follows", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.expectResult(await studio.generate("A heron in the reeds"));

  // A board that catches new results, made and ticked in the boards dialog.
  await page.getByRole("button", { name: "Manage boards" }).click();
  const boards = page.getByRole("dialog", { name: "Boards and share links" });
  await boards.getByLabel("New board").fill("Waders");
  await boards.getByRole("button", { name: "Create" }).click();
  const waders = boards.getByRole("listitem", { name: "Board “Waders”" });
  await waders.getByLabel("Add new results to this board").check();
  await expect(waders).toContainText("0 images");
  await boards.getByRole("button", { name: "Close" }).click();

  // With the board shown, a new result appears on it without a reload; older ones stay out.
  await page.getByRole("combobox", { name: "Board" }).selectOption({ label: "Waders" });
  await expect(studio.generation("A heron in the reeds")).toHaveCount(0);
  await studio.prompt.fill("A stork on a chimney");
  await studio.generateButton.click();
  await studio.expectResult(studio.generation("A stork on a chimney"));
  await expect(studio.generation("A heron in the reeds")).toHaveCount(0);
  await page.getByRole("button", { name: "Clear filters" }).click();

  // With a search shown, a matching new result appears there as well.
  await page.getByRole("searchbox", { name: "Search images" }).fill("egret");
  await expect(studio.generations).toHaveCount(0);
  await studio.prompt.fill("An egret at dawn");
  await studio.generateButton.click();
  await studio.expectResult(studio.generation("An egret at dawn"));
  await page.getByRole("button", { name: "Clear filters" }).click();

  // Both results were added to the board: its count and each card's board menu say so at once.
  await page.getByRole("button", { name: "Manage boards" }).click();
  await expect(boards.getByRole("listitem", { name: "Board “Waders”" })).toContainText("2 images");
  await boards.getByRole("button", { name: "Close" }).click();
  await studio.generation("An egret at dawn").getByRole("button", { name: "More actions" }).click();
  await page.getByRole("button", { name: "Boards…" }).click();
  const picker = page.getByRole("dialog", { name: /^Boards for Result 1 of/ });
  await expect(picker.getByRole("checkbox", { name: "Waders" })).toBeChecked();
});

test("a shared board made from the boards dialog can be listed and revoked there", async ({ page, browser }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.expectResult(await studio.generate("A harbour at dawn for the team"));
  await page.getByRole("button", { name: "Manage boards" }).click();
  const boards = page.getByRole("dialog", { name: "Boards and share links" });
  await boards.getByLabel("New board").fill("Harbour");
  await boards.getByRole("button", { name: "Create" }).click();
  await boards.getByRole("button", { name: "Share Board “Harbour”" }).click();
  const share = page.getByRole("dialog", { name: "Share Board “Harbour”" });
  const url = await share.getByRole("textbox", { name: "Link to Board “Harbour”" }).inputValue();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{32}$/);
  await share.getByRole("button", { name: "Close" }).click();

  const other = await browser.newContext();
  try {
    const viewer = await other.newPage();
    await viewer.goto(url);
    await expect(viewer.getByRole("heading", { name: "Harbour" })).toBeVisible();
    await expect(viewer.getByText("This board has no images yet")).toBeVisible();

    // The boards dialog stayed open under the share dialog; its list has the new link.
    await boards.getByRole("button", { name: "Revoke the link to Board “Harbour”" }).click();
    await expect(boards.getByRole("list", { name: "Share links" }).getByRole("listitem")).toHaveCount(0);
    expect((await viewer.request.get(url)).status()).toBe(404);
  } finally {
    await other.close();
  }
});

test("an auto-add tick holds while the studio answers slowly, even when a board list read meanwhile still has the old choice", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await page.getByRole("button", { name: "Manage boards" }).click();
  const boards = page.getByRole("dialog", { name: "Boards and share links" });
  await boards.getByLabel("New board").fill("Slow answers");
  await boards.getByRole("button", { name: "Create" }).click();
  const row = boards.getByRole("listitem", { name: "Board “Slow answers”" });
  const tick = row.getByLabel("Add new results to this board");
  await expect(tick).not.toBeChecked();

  // The choice reaches the server 1.5 s late; meanwhile another tab's stream says "resync", so the
  // page reads the board list again and the server still answers with no board ticked.
  const action = await slowActions(page);
  await tick.check();
  const staleList = page.waitForResponse((response) => response.url().endsWith("/api/boards") && response.request().method() === "GET");
  await resyncFromAnotherTab(page);
  const stale = (await (await staleList).json()) as { value: Array<{ name: string; autoAdd: boolean }> };
  expect(stale.value.find((board) => board.name === "Slow answers")?.autoAdd).toBe(false);
  // Read at once, not waited for: the tick never goes away, not even for a frame.
  expect(await tick.isChecked()).toBe(true);
  await action.answered;
  expect(await tick.isChecked()).toBe(true);
  await page.unrouteAll({ behavior: "wait" });

  await page.reload();
  await page.getByRole("button", { name: "Manage boards" }).click();
  await expect(boards.getByRole("listitem", { name: "Board “Slow answers”" }).getByLabel("Add new results to this board")).toBeChecked();
});

test("a star given while the studio answers slowly stays on, even when a gallery read meanwhile still has it off", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const kite = await studio.generate("A red kite over the downs");
  await studio.expectResult(kite);
  const star = kite.getByRole("button", { name: /^Favourite: Result 1 of/ });

  const action = await slowActions(page);
  await star.click();
  const staleGallery = page.waitForResponse((response) => response.url().includes("/api/gallery") && response.request().method() === "GET");
  await resyncFromAnotherTab(page);
  const stale = (await (await staleGallery).json()) as { value: { organised?: { favourites: string[] } } };
  expect(stale.value.organised?.favourites ?? []).toEqual([]);
  expect(await star.getAttribute("aria-pressed")).toBe("true");
  await action.answered;
  await page.unrouteAll({ behavior: "wait" });
  // Held, not merely shown again later: the page's own record of the star says so.
  await expect(star).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "★ Favourites" }).click();
  await expect(studio.generation("A red kite over the downs")).toBeVisible();
  await page.reload();
  await expect(studio.generation("A red kite over the downs").getByRole("button", { name: /^Favourite: Result 1 of/ })).toHaveAttribute("aria-pressed", "true");
});
