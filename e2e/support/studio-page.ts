import { expect, type Locator, type Page } from "@playwright/test";

/** The studio as a person sees it: found by labels and roles, never by CSS classes. */
export class StudioPage {
  readonly prompt: Locator;
  readonly generateButton: Locator;
  readonly generations: Locator;

  constructor(readonly page: Page) {
    this.prompt = page.getByLabel("Prompt");
    this.generateButton = page.getByRole("button", { name: "Generate" });
    this.generations = page.getByRole("list", { name: "Generations" }).getByRole("article");
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

  /** Waits until the first result image has really decoded in the browser. */
  async expectImage(generation: Locator): Promise<{ width: number; height: number }> {
    const image = generation.getByRole("img").first();
    await expect(image).toBeVisible();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    return image.evaluate((img: HTMLImageElement) => ({ width: img.naturalWidth, height: img.naturalHeight }));
  }
}
