import { expect, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";

/** A file as a person would pick, drop or paste it. */
export interface PickedFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A small PNG the browser sends and the server keeps byte for byte. */
export async function pngFile(name: string, colour: string, width = 96, height = 64): Promise<PickedFile> {
  const buffer = await sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
  return { name, mimeType: "image/png", buffer };
}

type Transferable = { name: string; mimeType: string; base64: string };

const transferable = (files: PickedFile[]): Transferable[] =>
  files.map(({ name, mimeType, buffer }) => ({ name, mimeType, base64: buffer.toString("base64") }));

/** Drops files from outside the browser onto `target`: dragenter, dragover, drop, as the OS sends them. */
export async function dropFiles(page: Page, target: Locator, files: PickedFile[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((entries: Transferable[]) => {
    const transfer = new DataTransfer();
    for (const { name, mimeType, base64 } of entries) {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], name, { type: mimeType }));
    }
    return transfer;
  }, transferable(files));
  await target.dispatchEvent("dragenter", { dataTransfer });
  await target.dispatchEvent("dragover", { dataTransfer });
  await target.dispatchEvent("drop", { dataTransfer });
}

/** Pastes files with nothing focused, as Ctrl/Cmd+V after copying a picture. */
export async function pasteFiles(page: Page, files: PickedFile[]): Promise<void> {
  await page.evaluate((entries: Transferable[]) => {
    const transfer = new DataTransfer();
    for (const { name, mimeType, base64 } of entries) {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], name, { type: mimeType }));
    }
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, transferable(files));
}

const STORED_THUMBNAIL = /^\/api\/images\/[0-9a-f-]{36}\/thumbnail$/;

/** Waits until the tray shows `count` images, all uploaded (their thumbnails come from the studio). */
export async function expectTrayReady(tray: Locator, count: number): Promise<void> {
  const images = tray.getByRole("img");
  await expect(images).toHaveCount(count);
  for (let index = 0; index < count; index += 1) {
    await expect(images.nth(index)).toHaveAttribute("src", STORED_THUMBNAIL);
  }
}

/** The tray's image names in order, as a screen reader reads them. */
export async function trayNames(tray: Locator): Promise<string[]> {
  return tray.getByRole("img").evaluateAll((images) => images.map((image) => image.getAttribute("alt") ?? ""));
}

/** The stored original behind the tray's image at `index`. */
export async function trayOriginalUrl(tray: Locator, index: number): Promise<string> {
  const src = await tray.getByRole("img").nth(index).getAttribute("src");
  expect(src).toMatch(STORED_THUMBNAIL);
  return src!.replace(/\/thumbnail$/, "");
}
