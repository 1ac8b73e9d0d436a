import { expect, test } from "@playwright/test";
import { unzipSync } from "fflate";
import { readFile } from "node:fs/promises";
import { fakeApi } from "./support/fake-api";
import { expectNoSeriousViolations } from "./support/marks";
import { StudioPage } from "./support/studio-page";
import { pngFile } from "./support/tray";

// The gallery draws only the cards in view (and two past it); every picture selected here must be on screen.
test.use({ viewport: { width: 1280, height: 1800 } });

const COLOURS = ["#c0392b", "#27ae60", "#2980b9", "#8e44ad", "#f39c12"];
// The fake fails the first call with this prompt (a 500) and lets the rest through.
const PROMPT = "make it sepia [fault:500once]";

test("one edit over five selected images: each its own job, one failure retried, all downloaded as a zip", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const files = await Promise.all(COLOURS.map((colour, index) => pngFile(`batch-${index + 1}.png`, colour, 128, 96)));
  await studio.addImages(files);
  const uploads = page.getByRole("list", { name: "Generations" }).getByRole("img", { name: /^Uploaded batch-\d\.png$/ });
  await expect(uploads).toHaveCount(5);

  // Ctrl-click selects instead of opening the viewer; each ring shows before the next click, as a person would see it.
  const gallery = page.getByRole("list", { name: "Generations" });
  for (let index = 1; index <= 5; index += 1) {
    await gallery.getByRole("img", { name: `Uploaded batch-${index}.png` }).click({ modifiers: ["ControlOrMeta"] });
    await expect(page.getByRole("link", { name: /\(selected\)$/ })).toHaveCount(index);
  }
  const panel = page.getByRole("region", { name: "Batch edit" });
  await expect(panel.getByText("5 images selected")).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("link", { name: /\(selected\)$/ })).toHaveCount(5);

  await panel.getByLabel("Edit for every selected image").fill(PROMPT);
  // The whole batch's cost before it runs: five jobs of one image each.
  await expect(panel.getByText("5 jobs · 5 images · ≈ 315,000 credits")).toBeVisible();
  await expectNoSeriousViolations(page, 'section[aria-label="Batch edit"]');

  await fakeApi.clear(page.request);
  await panel.getByRole("button", { name: "Run on 5 images" }).click();
  const status = panel.getByRole("status");
  await expect(status).toHaveText("4 of 5 done · 1 failed");

  await panel.getByRole("button", { name: "Retry failed" }).click();
  await expect(status).toHaveText("5 of 5 done");
  // Six calls: five jobs and the one retry, each with a single input.
  const calls = await fakeApi.requests(page.request);
  expect(calls).toHaveLength(6);
  expect(calls.map((call) => call.status).sort()).toEqual([200, 200, 200, 200, 200, 500]);
  expect(new Set(calls.map((call) => call.inputs?.[0]?.sha256)).size).toBe(5);

  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Download all (5)" }).click();
  const zip = unzipSync(new Uint8Array(await readFile(await (await download).path())));
  const names = Object.keys(zip);
  expect(names).toHaveLength(5);
  for (const name of names) expect(Buffer.from(zip[name]!.subarray(0, 4)).toString("latin1")).toBe("\x89PNG");
});

test("Select images (for touch screens) turns taps into selection, and Cancel all stops a running batch", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.addImages([await pngFile("slow-1.png", "#111", 128, 96), await pngFile("slow-2.png", "#eee", 128, 96)]);
  const uploads = page.getByRole("list", { name: "Generations" }).getByRole("img", { name: /^Uploaded slow-\d\.png$/ });
  await expect(uploads).toHaveCount(2);

  await page.getByRole("button", { name: "Select images" }).click();
  await expect(page.getByRole("button", { name: "Select images" })).toHaveAttribute("aria-pressed", "true");
  for (const name of ["Uploaded slow-1.png", "Uploaded slow-2.png"]) await uploads.and(page.getByRole("img", { name })).click();
  const panel = page.getByRole("region", { name: "Batch edit" });
  await expect(panel.getByText("2 images selected")).toBeVisible();
  await panel.getByLabel("Edit for every selected image").fill("invert [fault:slow:20000]");
  await panel.getByRole("button", { name: "Run on 2 images" }).click();
  await expect(panel.getByRole("status")).toHaveText("0 of 2 done · 2 running");
  await panel.getByRole("button", { name: "Cancel all" }).click();
  await expect(panel.getByRole("status")).toHaveText("0 of 2 done · 2 canceled");
});

test("Cancel all pressed while a job is still being sent cancels it as it answers, and sends none after it", async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const names = ["late-1.png", "late-2.png", "late-3.png"];
  await studio.addImages(await Promise.all(names.map((name, index) => pngFile(name, ["#222", "#777", "#bbb"][index]!, 128, 96))));
  const gallery = page.getByRole("list", { name: "Generations" });
  for (const name of names) {
    await gallery.getByRole("img", { name: `Uploaded ${name}` }).click({ modifiers: ["ControlOrMeta"] });
  }
  const panel = page.getByRole("region", { name: "Batch edit" });
  await expect(panel.getByText("3 images selected")).toBeVisible();
  await panel.getByLabel("Edit for every selected image").fill("posterise [fault:slow:20000]");

  // The second start is held on its way: Cancel all is pressed while it has no job yet.
  let starts = 0;
  let heldSent!: () => void;
  const held = new Promise<void>((resolve) => (heldSent = resolve));
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && "next-action" in request.headers() && request.postData()?.includes("posterise")) {
      starts += 1;
      if (starts === 2) await held;
    }
    await route.fallback();
  });
  await fakeApi.clear(page.request);
  await panel.getByRole("button", { name: "Run on 3 images" }).click();
  const status = panel.getByRole("status");
  await expect.poll(() => starts).toBe(2);
  await panel.getByRole("button", { name: "Cancel all" }).click();
  heldSent();
  await expect(status).toHaveText("0 of 3 done · 3 canceled");
  // The third was never sent.
  expect(starts).toBe(2);
});
