import { createHash } from "node:crypto";
import { expect, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";

/** The studio as a person sees it: found by labels and roles, never by CSS classes. */
export class StudioPage {
  readonly prompt: Locator;
  readonly generateButton: Locator;
  readonly addImagesButton: Locator;
  readonly generations: Locator;
  readonly tray: Locator;

  constructor(readonly page: Page) {
    this.prompt = page.getByLabel("Prompt");
    this.generateButton = page.getByRole("button", { name: "Generate" });
    this.addImagesButton = page.getByRole("button", { name: "Add images" });
    this.generations = page.getByRole("list", { name: "Generations" }).getByRole("article");
    this.tray = page.getByRole("list", { name: "Inputs", exact: true });
  }

  /** The size button in the composer opens the presets and Custom; opened only if closed. */
  async openSize(): Promise<void> {
    await openPanel(this.page.getByRole("button", { name: /^Size: / }));
  }

  /** Seed and safety checker live behind "More settings". */
  async openSettings(): Promise<void> {
    await openPanel(this.page.getByRole("button", { name: "More settings", exact: true }));
  }

  /**
   * An action on a result: "Use as input", "Add to inputs" and "Download" are buttons on the tile;
   * the rest (among them "Try on Seedream 4.5" and the other models) are in its "More actions" menu,
   * opened first.
   */
  async imageAction(
    card: Locator,
    name: "Use as input" | "Add to inputs" | "Download" | "Reuse settings" | "Lineage" | "Delete" | "Open" | `Try on ${string}`,
  ): Promise<void> {
    if (name === "Use as input" || name === "Add to inputs" || name === "Download") {
      await card.getByRole("button", { name, exact: true }).click();
      return;
    }
    await card.getByRole("button", { name: "More actions" }).first().click();
    await card.getByRole("dialog", { name: /^Actions for / }).getByRole("button", { name, exact: true }).click();
  }

  async goto(): Promise<void> {
    await this.page.goto("/");
    await expect(this.prompt).toBeVisible();
  }

  async generate(prompt: string): Promise<Locator> {
    await this.prompt.fill(prompt);
    await this.generateButton.click();
    return this.generation(prompt);
  }

  generation(prompt: string): Locator {
    return this.page.getByRole("article", { name: `Generation: ${prompt}` });
  }

  /**
   * The labels of the gallery's first cards, in order, scrolling down as a person would: the
   * gallery draws only the cards near the screen (and the one last focused), so the page holds no
   * unbroken run of cards to read at once.
   */
  async newestCards(count: number): Promise<string[]> {
    await this.page.evaluate(() => window.scrollTo(0, 0));
    const labels: string[] = [];
    for (let position = 1; position <= count; position += 1) {
      const card = this.page.getByRole("list", { name: "Generations" }).locator(`[aria-posinset="${position}"] > article`);
      await expect(async () => {
        if ((await card.count()) === 0) await this.page.mouse.wheel(0, 300);
        await expect(card).toHaveCount(1, { timeout: 250 });
      }).toPass({ timeout: 10_000 });
      labels.push((await card.getAttribute("aria-label")) ?? "");
    }
    return labels;
  }

  /** Picks files with the "Add images" button, as a person would in the file dialog. */
  async addImages(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    const chooser = this.page.waitForEvent("filechooser");
    await this.addImagesButton.click();
    await (await chooser).setFiles(files);
  }

  /** Waits until a result's thumbnail has really decoded in the browser. */
  async expectResult(generation: Locator, index = 0): Promise<Locator> {
    const image = generation.getByRole("img", { name: new RegExp(`^Result ${index + 1} of`) });
    await expect(image).toBeVisible();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    return image;
  }

  /** The original bytes behind a result, fetched with this visitor's cookies. */
  async original(generation: Locator, index = 0): Promise<StoredImage> {
    const image = await this.expectResult(generation, index);
    const href = await image.locator("xpath=ancestor::a").getAttribute("href");
    expect(href).toMatch(/^\/api\/images\/[0-9a-f-]{36}$/);
    const response = await this.page.request.get(href!);
    expect(response.status()).toBe(200);
    const bytes = await response.body();
    const { width, height, format } = await sharp(bytes).metadata();
    return { id: href!.split("/").at(-1)!, url: href!, bytes, width, height, format, sha256: sha256(bytes) };
  }

  /** The chip under the prompt that writes "image N" at the caret. */
  referenceChip(number: number): Locator {
    return this.page.getByRole("button", { name: `Insert image ${number}`, exact: true });
  }

  /** A size tile in the size panel (open it with openSize): "Square HD" … "Landscape 16:9", or "Custom". */
  sizeOption(name: string): Locator {
    return this.page.getByRole("group", { name: "Size", exact: true }).getByRole("radio", { name, exact: true });
  }

  /** The "Images" choice, 1–4. */
  imagesOption(count: number): Locator {
    return this.page.getByRole("group", { name: "Images", exact: true }).getByRole("radio", { name: String(count), exact: true });
  }

  /** Custom size fields, shown once "Custom" is chosen. */
  get width(): Locator {
    return this.page.getByRole("spinbutton", { name: "Width", exact: true });
  }

  get height(): Locator {
    return this.page.getByRole("spinbutton", { name: "Height", exact: true });
  }

  get keepAspectRatio(): Locator {
    return this.page.getByRole("button", { name: "Keep aspect ratio", exact: true });
  }

  /** Exact: "Keep seed" and "Random seed" contain the word too. */
  get seed(): Locator {
    return this.page.getByRole("spinbutton", { name: "Seed", exact: true });
  }

  get keepSeed(): Locator {
    return this.page.getByRole("button", { name: "Keep seed", exact: true });
  }

  get randomSeed(): Locator {
    return this.page.getByRole("button", { name: "Random seed", exact: true });
  }

  get safetyChecker(): Locator {
    return this.page.getByRole("switch", { name: "Safety checker", exact: true });
  }
}

async function openPanel(button: Locator): Promise<void> {
  if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
  await expect(button).toHaveAttribute("aria-expanded", "true");
}

export interface StoredImage {
  id: string;
  url: string;
  bytes: Buffer;
  width: number | undefined;
  height: number | undefined;
  format: string | undefined;
  sha256: string;
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
