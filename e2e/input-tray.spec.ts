import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { EDIT_MODEL } from "@/lib/shared/seedream/limits";
import { fakeApi } from "./support/fake-api";
import { sha256, StudioPage } from "./support/studio-page";
import { dropFiles, expectTrayReady, pasteFiles, pngFile, trayNames, trayOriginalUrl } from "./support/tray";

test.beforeEach(async ({ request }) => fakeApi.clear(request));

/** A 24 MP phone photo: fine grain over the whole frame, so it is as costly to decode as a real one. */
async function phonePhoto(orientation?: number): Promise<Buffer> {
  const width = 6000;
  const height = 4000;
  const grain = await sharp({ create: { width, height, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } })
    .blur(0.8)
    .raw()
    .toBuffer();
  const photo = sharp(grain, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 });
  return (orientation ? photo.withMetadata({ orientation }) : photo).toBuffer();
}

test("files dropped and pasted anywhere become numbered inputs, and the edit sends them in the tray's order", async ({ page, request }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const red = await pngFile("red.png", "#c83232");
  const green = await pngFile("green.png", "#32a050");
  const blue = await pngFile("blue.png", "#3250c8");

  await dropFiles(page, page.getByRole("main"), [red, green]);
  await pasteFiles(page, [blue]);
  await expectTrayReady(studio.tray, 3);
  expect(await trayNames(studio.tray)).toEqual(["Image 1: red.png", "Image 2: green.png", "Image 3: blue.png"]);

  // By keyboard: the number is the handle; Left moves it one place, and the focus stays with it.
  await studio.tray.getByRole("button", { name: "Reorder image 3", exact: true }).focus();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(studio.tray.getByRole("img", { name: "Image 1: blue.png" })).toBeVisible();
  expect(await trayNames(studio.tray)).toEqual(["Image 1: blue.png", "Image 2: red.png", "Image 3: green.png"]);
  await expect(studio.tray.getByRole("button", { name: "Reorder image 1", exact: true })).toBeFocused();

  await studio.expectResult(await studio.generate("lay them out as a flag"));
  const [sent] = await fakeApi.requests(request);
  expect(sent).toMatchObject({ model: EDIT_MODEL, openapiValid: true });
  expect(sent?.inputs?.map((input) => input.sha256)).toEqual([blue, red, green].map((file) => sha256(file.buffer)));
});

test("a 24 MP phone photo is made 4096 px or smaller in the browser, quickly", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const photo = await phonePhoto();

  // Timed in the page, from the file input's change to the stored thumbnail in the tray.
  const readyIn = page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let start = 0;
        document.addEventListener("change", () => (start = performance.now()), { capture: true, once: true });
        const observer = new MutationObserver(() => {
          const src = document.querySelector('ol[aria-label="Inputs"] img')?.getAttribute("src") ?? "";
          if (start > 0 && /^\/api\/images\/[0-9a-f-]{36}\/thumbnail$/.test(src)) {
            observer.disconnect();
            resolve(performance.now() - start);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["src"] });
      }),
  );
  const started = Date.now();
  await studio.addImages([{ name: "phone.jpg", mimeType: "image/jpeg", buffer: photo }]);
  const inPage = await readyIn;
  console.log(`24 MP photo (${(photo.length / 1e6).toFixed(1)} MB): in the tray, uploaded, in ${Math.round(inPage)} ms (${Date.now() - started} ms seen from the test)`);
  expect(inPage).toBeLessThan(2_000);

  const response = await page.request.get(await trayOriginalUrl(studio.tray, 0));
  const stored = await sharp(await response.body()).metadata();
  expect(stored.format).toBe("jpeg");
  expect(Math.max(stored.width, stored.height)).toBeLessThanOrEqual(4096);
  expect(Math.max(stored.width, stored.height)).toBeGreaterThanOrEqual(3000);
  expect(stored.width / stored.height).toBeCloseTo(1.5, 2);
  await expect(studio.tray.getByRole("img", { name: /^Image 1: phone\.jpg$/ })).toBeVisible();
});

test("a photo taken in portrait stays upright", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  // Stored landscape, shown portrait: EXIF orientation 6 turns it a quarter clockwise.
  await studio.addImages([{ name: "portrait.jpg", mimeType: "image/jpeg", buffer: await phonePhoto(6) }]);
  await expectTrayReady(studio.tray, 1);
  const response = await page.request.get(await trayOriginalUrl(studio.tray, 0));
  const stored = await sharp(await response.body()).metadata();
  expect(stored.height).toBeGreaterThan(stored.width);
  expect(stored.height).toBeLessThanOrEqual(4096);
  expect(stored.orientation ?? 1).toBe(1);
});

test("files dropped before and after the drop zone's file reading has loaded both join the tray", async ({ page }) => {
  const studio = new StudioPage(page);
  // react-dropzone loads after the first paint; its chunk is held back here, so the first drop comes before it.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding = false;
  await page.route("**/_next/static/chunks/**", async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes("isDragActive")) {
      holding = true;
      await held;
    }
    await route.fulfill({ response, body });
  });
  // Not waiting for "load": a script the page is still fetching (the held chunk) would hold that back.
  await page.goto("/", { waitUntil: "domcontentloaded" });
  // Hydrated: the studio has measured the docked composer and reserved room for it.
  await page.waitForFunction(() => document.documentElement.style.scrollPaddingBottom !== "");
  await expect.poll(() => holding).toBe(true);

  await dropFiles(page, page.getByRole("main"), [await pngFile("early.png", "#c83232")]);
  await expectTrayReady(studio.tray, 1);

  release();
  // react-dropzone's props on the zone (it marks its root as presentation) say it has taken over.
  await expect(page.locator("div[role=presentation]", { has: page.getByRole("main") })).toHaveCount(1);
  await dropFiles(page, page.getByRole("main"), [await pngFile("later.png", "#32a050")]);
  await expectTrayReady(studio.tray, 2);
  expect(await trayNames(studio.tray)).toEqual(["Image 1: early.png", "Image 2: later.png"]);
});

test("eleven files: ten are kept and a sentence says what was left out", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const colours = ["#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c", "#fabebe", "#008080"];
  const files = await Promise.all(colours.map((colour, index) => pngFile(`${index + 1}.png`, colour)));

  await studio.addImages(files);
  await expect(page.getByRole("alert").filter({ hasText: "The tray holds at most 10 images; 1 was left out." })).toBeVisible();
  await expectTrayReady(studio.tray, 10);
  expect(await trayNames(studio.tray)).toEqual(files.slice(0, 10).map((file, index) => `Image ${index + 1}: ${file.name}`));
  await expect(studio.addImagesButton).toBeDisabled();

  await pasteFiles(page, [await pngFile("twelve.png", "#000000")]);
  await expect(page.getByRole("alert").filter({ hasText: "The tray holds at most 10 images; 1 was left out." })).toBeVisible();
  await expect(studio.tray.getByRole("img")).toHaveCount(10);
});

test("Remove image 2 renumbers the rest, and the arrow buttons reorder", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.addImages([await pngFile("a.png", "#aa3333"), await pngFile("b.png", "#33aa33"), await pngFile("c.png", "#3333aa")]);
  await expectTrayReady(studio.tray, 3);

  await studio.tray.getByRole("button", { name: "Remove image 2", exact: true }).click();
  await expect(studio.tray.getByRole("img")).toHaveCount(2);
  expect(await trayNames(studio.tray)).toEqual(["Image 1: a.png", "Image 2: c.png"]);
  await expect(studio.tray.getByRole("button", { name: "Remove image 3", exact: true })).toHaveCount(0);

  await studio.tray.getByRole("button", { name: "Move image 2 earlier", exact: true }).click();
  expect(await trayNames(studio.tray)).toEqual(["Image 1: c.png", "Image 2: a.png"]);
  await expect(studio.tray.getByRole("button", { name: "Move image 1 earlier", exact: true })).toBeDisabled();
});

test("drag-and-drop sorting, loaded with the second image, works at its first use: by keyboard and by mouse", async ({ page }) => {
  const studio = new StudioPage(page);
  // dnd-kit's own default instructions for screen readers: a string only its code carries.
  const scripts: Promise<string>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") scripts.push(response.text().catch(() => ""));
  });
  const sortingLoaded = async () => (await Promise.all(scripts)).some((body) => body.includes("To pick up a draggable item"));
  await studio.goto();
  await studio.addImages([await pngFile("first.png", "#aa3333")]);
  await expectTrayReady(studio.tray, 1);
  expect(await sortingLoaded(), "no sorting code for a tray of one").toBe(false);
  await studio.addImages([await pngFile("second.png", "#33aa33")]);
  await expectTrayReady(studio.tray, 2);
  await expect.poll(sortingLoaded, { message: "the sorting code arrives with the second image" }).toBe(true);

  // Keyboard: Space picks image 1 up, the arrow moves it, Space drops it.
  const handle = studio.tray.getByRole("button", { name: "Reorder image 1", exact: true });
  await handle.focus();
  // The sorting tiles replace the plain ones when their code runs; the focus stays on the handle.
  await expect(handle).toHaveAttribute("aria-roledescription", "sortable");
  await expect(handle).toBeFocused();
  // Each key waits for what a person would see or hear before pressing the next one.
  await page.keyboard.press("Space");
  await expect(handle).toHaveAttribute("aria-pressed", "true");
  // dnd-kit starts listening for the moving keys one task after the pick-up (its KeyboardSensor adds
  // them in a setTimeout), which on a busy machine can come after the page already shows the pick-up.
  // No person presses that fast; one whose arrow moved nothing presses it again. With two images,
  // a second Right still means place 2.
  await expect(async () => {
    await page.keyboard.press("ArrowRight");
    await expect(page.getByText("Image 1 is over place 2.")).toBeAttached({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.keyboard.press("Space");
  await expect.poll(() => trayNames(studio.tray)).toEqual(["Image 1: second.png", "Image 2: first.png"]);

  // Mouse: image 2 dragged onto image 1's place.
  const from = await studio.tray.getByRole("listitem").nth(1).boundingBox();
  const to = await studio.tray.getByRole("listitem").nth(0).boundingBox();
  await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 3);
  await page.mouse.down();
  await page.mouse.move(from!.x + from!.width / 2 - 20, from!.y + from!.height / 3, { steps: 4 });
  await page.mouse.move(to!.x + to!.width / 2, to!.y + to!.height / 3, { steps: 8 });
  await page.mouse.up();
  await expect.poll(() => trayNames(studio.tray)).toEqual(["Image 1: first.png", "Image 2: second.png"]);
});

test("a reload keeps the tray, in its order", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.addImages([await pngFile("first.png", "#123456"), await pngFile("second.png", "#654321")]);
  await expectTrayReady(studio.tray, 2);
  await studio.tray.getByRole("button", { name: "Move image 1 later", exact: true }).click();
  const before = [await trayOriginalUrl(studio.tray, 0), await trayOriginalUrl(studio.tray, 1)];

  await page.reload();
  await expectTrayReady(studio.tray, 2);
  expect(await trayNames(studio.tray)).toEqual(["Image 1: second.png", "Image 2: first.png"]);
  expect([await trayOriginalUrl(studio.tray, 0), await trayOriginalUrl(studio.tray, 1)]).toEqual(before);
});

test("a file the studio refuses shows the server's sentence and can be removed; the others still arrive", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const good = await pngFile("good.png", "#2a7fbf");
  await studio.addImages([
    { name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just some text, not a picture") },
    good,
  ]);
  const failure = page.getByRole("alert").filter({ hasText: "notes.png" });
  await expect(failure).toContainText("not an image");
  await expectTrayReady(studio.tray, 1);
  expect(await trayNames(studio.tray)).toEqual(["Image 1: good.png"]);

  await page.getByRole("button", { name: "Remove notes.png" }).click();
  await expect(failure).toHaveCount(0);
});

test("a gallery result dragged onto the page joins the tray", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const generation = await studio.generate("A lantern on a jetty");
  const result = await studio.expectResult(generation);
  const original = await studio.original(generation);

  // One DataTransfer carried from the result's dragstart to the drop, as the browser does in a real drag.
  const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
  await result.dispatchEvent("dragstart", { dataTransfer });
  const target = studio.prompt;
  await target.dispatchEvent("dragenter", { dataTransfer });
  await target.dispatchEvent("dragover", { dataTransfer });
  await target.dispatchEvent("drop", { dataTransfer });
  await expectTrayReady(studio.tray, 1);
  expect(await trayOriginalUrl(studio.tray, 0)).toBe(original.url);
});
