import { expect, type Locator, type Page } from "@playwright/test";
import type { StudioPage } from "./studio-page";

/** The lineage dialog as a person sees it: steps by their prompt, images by their names. */
export class LineagePage {
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole("dialog", { name: "Lineage" });
  }

  /** Opens the lineage of a generation's first result from its gallery card. */
  async openFrom(studio: StudioPage, prompt: string): Promise<void> {
    await studio.imageAction(studio.generation(prompt), "Lineage");
    await expect(this.dialog).toBeVisible();
    await expect(this.dialog).toHaveAttribute("aria-busy", "false");
  }

  get images(): Locator {
    return this.dialog.getByRole("button", { name: /^(Result \d+ of|Uploaded )/ });
  }

  step(prompt: string): Locator {
    return this.dialog.getByRole("group", { name: `Step: ${prompt}`, exact: true });
  }

  result(prompt: string, index = 1): Locator {
    return this.dialog.getByRole("button", { name: `Result ${index} of “${prompt}”`, exact: true });
  }

  /** The curves into a step, read from the drawing: one per input, keyed by the input image's id. */
  async edgesInto(generationId: string): Promise<string[]> {
    return this.dialog.locator(`path[data-edge-step="${generationId}"]`).evaluateAll((paths) => paths.map((path) => path.getAttribute("data-edge-from") ?? ""));
  }

  action(name: "Open" | "Use as input" | "Compare with parent" | "Replay chain"): Locator {
    return this.dialog.getByRole("complementary", { name: "Picked image" }).getByRole("button", { name, exact: true });
  }
}
