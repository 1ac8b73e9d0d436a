import { createHash } from "node:crypto";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import sharp from "sharp";
import type { StudioError } from "@/lib/shared/errors";
import type { GalleryItemView, GenerationView } from "@/lib/shared/gallery/view";
import { accepted, actionIds, imagesOf, nextActionIdFromPage, refusal, StudioActions, type RawAnswer } from "./studio-actions";
import { StudioPage } from "./studio-page";
import { API_ROUTES } from "@/lib/shared/api-routes";

/**
 * One visitor for a bad-input spec: a browser context with its own cookie, a gallery that already
 * holds a generated image and an upload, and the server actions at hand. Every case checks that
 * what was stored before it is still there, byte for byte, afterwards.
 */
export class Visitor {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly studio: StudioPage,
    readonly actions: StudioActions,
    /** What the page offered as alerts ("dialog" events); a script run from input would add one. */
    readonly dialogs: string[],
  ) {}

  static async open(browser: Browser): Promise<Visitor> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const studio = new StudioPage(page);
    await studio.goto();
    return new Visitor(context, page, studio, new StudioActions(page.request, actionIds()), dialogs);
  }

  /**
   * A first image made and one uploaded through the page, as a person would; the action id the page
   * sent must be the one the specs take from the build's manifest, and the upload goes to its route.
   */
  async withFirstImages(): Promise<this> {
    const started = await nextActionIdFromPage(this.page, "A calm harbour at dawn", () => this.studio.generate("A calm harbour at dawn"));
    expect(started, "the manifest's startGeneration id is the one the page calls").toBe(this.actions.ids.startGeneration);
    await this.studio.expectResult(this.studio.generation("A calm harbour at dawn"));
    const png = await sharp({ create: { width: 96, height: 64, channels: 3, background: "#4a7" } }).png().toBuffer();
    const uploaded = this.page.waitForRequest((request) => request.method() === "POST" && new URL(request.url()).pathname === API_ROUTES.uploads);
    await this.studio.addImages([{ name: "harbour-sketch.png", mimeType: "image/png", buffer: png }]);
    expect((await uploaded).headers()["content-type"], "the page streams its files to the upload route").toMatch(/^multipart\/form-data/);
    await expect(this.page.getByRole("article", { name: "Upload: harbour-sketch.png" })).toBeVisible();
    // Out of the tray again, so that the form's next run is a text-to-image one.
    await this.studio.tray.getByRole("button", { name: "Remove image 1" }).click();
    await expect(this.studio.tray).toHaveCount(0);
    return this;
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /** The gallery as the server holds it, with the bytes of every image. */
  async snapshot(): Promise<Snapshot> {
    const items = await this.actions.gallery();
    const bytes = new Map<string, string>();
    for (const image of imagesOf(items)) {
      const response = await this.page.request.get(image.url);
      expect(response.status(), image.url).toBe(200);
      bytes.set(image.id, sha256(await response.body()));
    }
    return { items: new Map(items.map((item) => [keyOf(item), stable(item)])), bytes };
  }

  /**
   * Nothing stored before is gone or changed. `added` says whether the case may have stored
   * something new (an accepted job, a kept upload); a refused one may not.
   */
  async expectNoLoss(before: Snapshot, added: "nothing" | "allowed" = "nothing"): Promise<void> {
    const after = await this.snapshot();
    for (const [key, item] of before.items) expect(after.items.get(key), `${key} after the case`).toEqual(item);
    for (const [id, digest] of before.bytes) expect(after.bytes.get(id), `bytes of ${id}`).toBe(digest);
    if (added === "nothing") expect([...after.items.keys()]).toEqual([...before.items.keys()]);
    expect(this.dialogs, "no script ran").toEqual([]);
  }

  /** Starts a job straight through the action and waits until it has finished. */
  async generateDirectly(input: unknown): Promise<GenerationView> {
    const started = accepted<GenerationView>(await this.actions.call("startGeneration", input));
    const [finished] = await this.actions.settled([started.id]);
    return finished!;
  }
}

export interface Snapshot {
  items: Map<string, unknown>;
  bytes: Map<string, string>;
}

function keyOf(item: GalleryItemView): string {
  return item.kind === "upload" ? `upload ${item.image.id}` : `generation ${item.generation.id}`;
}

/** A card as it stands once finished; a pending job's timings still move, so only its identity counts. */
function stable(item: GalleryItemView): unknown {
  if (item.kind === "upload") return item.image;
  const { generation } = item;
  if (generation.status === "queued" || generation.status === "running") return { id: generation.id, prompt: generation.prompt };
  return generation;
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A refusal with exactly this code and sentence. */
export function expectRefused(answer: RawAnswer, code: StudioError["code"], message: string | RegExp): void {
  const error = refusal(answer);
  expect(error.code).toBe(code);
  if (typeof message === "string") expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
}

/** Settings that pass, small enough to render quickly, with `change` applied. */
export function startInput(change: Record<string, unknown> = {}, inputImageIds?: unknown): Record<string, unknown> {
  return {
    settings: { prompt: "A lighthouse in fog", image_size: "square", ...change },
    ...(inputImageIds === undefined ? {} : { inputImageIds }),
  };
}
