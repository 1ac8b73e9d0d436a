import { expect, test, type Locator } from "@playwright/test";
import type { ImageView } from "@/lib/shared/gallery/view";
import { expectRefused, startInput, Visitor, type Snapshot } from "./support/bad-input";
import { fakeApi } from "./support/fake-api";
import { accepted } from "./support/studio-actions";
import { pngFile } from "./support/tray";

/**
 * Text a person types or a file name they pick, however odd, comes back exactly as typed and only
 * ever as text: right-to-left scripts and emoji are kept, markup is shown rather than run, and the
 * control characters that could hide or cut text are refused with a sentence.
 */

let visitor: Visitor;
let before: Snapshot;

test.beforeAll(async ({ browser }) => {
  visitor = await (await Visitor.open(browser)).withFirstImages();
});
test.afterAll(async () => visitor?.close());

test.beforeEach(async ({ request }) => {
  await fakeApi.clear(request);
  before = await visitor.snapshot();
});

// No word the page object looks for ("Prompt" is a label): a card named by this must not shadow it.
const MARKUP = `<script>alert("xss")</script><img src=x onerror=alert("img")><b>bold</b>`;
/**
 * No element came from the text, whatever the CSP would allow: none in the live page, and none in
 * the server-rendered HTML, where markup may only appear escaped (&lt; in text, \u003c in Next's data).
 */
async function expectNothingInjected(): Promise<void> {
  const { page } = visitor;
  await expect(page.locator('img[src="x"], img[onerror], b')).toHaveCount(0);
  const html = await (await page.request.get("/")).text();
  expect(html).not.toMatch(/<img src=x|<script>alert|<b>/);
  expect(visitor.dialogs).toEqual([]);
}

/** Generates through the form and returns the card; its shown prompt must be exactly `prompt`. */
async function generateAndShow(prompt: string): Promise<Locator> {
  const { page, studio } = visitor;
  await studio.prompt.fill(prompt);
  await studio.generateButton.click();
  const card = page.getByRole("list", { name: "Generations" }).getByRole("article").first();
  await expect(card.locator("p").first()).toHaveText(prompt, { useInnerText: false });
  await studio.expectResult(card);
  expect(await card.locator("p").first().evaluate((node) => node.textContent)).toBe(prompt);
  const [call] = await fakeApi.requests(page.request);
  expect(call!.prompt).toBe(prompt);
  return card;
}

test("a right-to-left prompt is sent and shown exactly as typed", async () => {
  const prompt = "مرحبا بالعالم — שלום עולם, 2024";
  const card = await generateAndShow(prompt);
  await expect(card).toHaveAttribute("aria-label", `Generation: ${prompt}`);
  await visitor.expectNoLoss(before, "allowed");
});

test("an emoji prompt (skin tones, flags, families) is sent and shown exactly as typed", async () => {
  const prompt = "🧑🏽‍🎨 paints 🏳️‍🌈 over 👨‍👩‍👧‍👦 at the 🏖️";
  await generateAndShow(prompt);
  await visitor.expectNoLoss(before, "allowed");
});

test("tabs and line breaks are ordinary text, kept in the stored prompt", async () => {
  const prompt = "First line\n\tsecond line, indented";
  await generateAndShow(prompt);
  await visitor.expectNoLoss(before, "allowed");
});

test("markup and script in a prompt are shown as text, in the card and in the viewer", async () => {
  const card = await generateAndShow(MARKUP);
  await expectNothingInjected();
  await (await visitor.studio.expectResult(card)).click();
  const viewer = visitor.page.getByRole("dialog", { name: MARKUP });
  await expect(viewer).toBeVisible();
  await expect(viewer).toContainText(MARKUP);
  await expectNothingInjected();
  await visitor.page.keyboard.press("Escape");
  await expect(viewer).toHaveCount(0);
  await visitor.expectNoLoss(before, "allowed");
});

test("control characters in a prompt are refused in the form, and by the server", async () => {
  const { page, studio } = visitor;
  const sent: string[] = [];
  const record = (request: { method(): string; headers(): Record<string, string> }) => {
    if (request.method() === "POST" && request.headers()["next-action"] === visitor.actions.ids.startGeneration) sent.push("start");
  };
  page.on("request", record);
  await studio.prompt.fill("A bell\u0007 that rings");
  await studio.generateButton.click();
  await expect(page.getByRole("alert").filter({ hasText: "The prompt cannot contain control characters." })).toBeVisible();
  page.off("request", record);
  expect(sent).toEqual([]);
  await studio.prompt.fill("");

  for (const prompt of ["NUL\u0000cuts text short", "escape \u001b[31mred", "delete\u007f"]) {
    const answer = await visitor.actions.call("startGeneration", startInput({ prompt }));
    expectRefused(answer, "invalid_input", "The prompt cannot contain control characters.");
  }
  expect(await fakeApi.requests(page.request)).toEqual([]);
  await visitor.expectNoLoss(before);
});

test("markup in an uploaded file's name is shown as text in the tray and the gallery", async () => {
  const { page, studio } = visitor;
  // No slash (a name's path parts are dropped, next test) and no quote (browsers send it as %22).
  const name = `<img src=x onerror=alert(1)><b>x.png`;
  await studio.addImages([await pngFile(name, "#a3c")]);
  const upload = page.getByRole("article", { name: `Upload: ${name}`, exact: true });
  await expect(upload).toBeVisible();
  await expect(studio.tray.getByRole("img", { name: `Image 1: ${name}`, exact: true })).toBeVisible();
  await expectNothingInjected();
  await studio.tray.getByRole("button", { name: "Remove image 1" }).click();
  await expect(studio.tray).toHaveCount(0);
  await visitor.expectNoLoss(before, "allowed");
});

test("a file name is kept for display only: path parts and bidi overrides are dropped", async () => {
  const png = (await pngFile("x.png", "#39c")).buffer;
  const names: Array<[string, string]> = [
    ["../../etc/passwd.png", "passwd.png"],
    ["C:\\Windows\\system32\\evil.png", "evil.png"],
    // Right-to-left override (U+202E) before "gnp.exe" makes the name read as "holidayexe.png".
    ["holiday\u202Egnp.exe", "holidaygnp.exe"],
    ["   ", "image"],
  ];
  const saved = accepted<ImageView[]>(
    await visitor.actions.upload(names.map(([name]) => ({ name, mimeType: "image/png", buffer: png }))),
  );
  expect(saved.map((image) => image.fileName)).toEqual(names.map(([, shown]) => shown));
  await visitor.page.reload();
  for (const [, shown] of names) await expect(visitor.page.getByRole("article", { name: `Upload: ${shown}`, exact: true }).first()).toBeVisible();
  await expectNothingInjected();
  await visitor.expectNoLoss(before, "allowed");
});
