import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";
import sharp from "sharp";
import type { Mark, MarkSettings } from "@/lib/shared/marks/marks";
import type { PickedFile } from "./tray";

/** The marks the studio keeps for its tray, read back from the page's storage. */
export interface StoredMarks {
  imageId: string;
  marks: Mark[];
  settings: MarkSettings;
  note: string;
  copy: { id: string; url: string };
}

export async function storedMarks(page: Page): Promise<StoredMarks[]> {
  const raw = await page.evaluate(() => window.localStorage.getItem("seedream-studio.marks"));
  return raw ? (JSON.parse(raw) as StoredMarks[]) : [];
}

/** Random colour in every pixel: any pixel a result changes shows up in a comparison. */
export async function noiseFile(name: string, width: number, height: number): Promise<PickedFile> {
  const raw = Buffer.alloc(width * height * 3);
  for (let index = 0; index < raw.length; index += 1) raw[index] = (index * 2654435761) >>> 24;
  const buffer = await sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer();
  return { name, mimeType: "image/png", buffer };
}

/** The marking view, found by its role and title. */
export function markDialog(page: Page, number: number): Locator {
  return page.getByRole("dialog", { name: `Mark image ${number}` });
}

export function markingArea(page: Page, number: number): Locator {
  return page.getByRole("application", { name: `Marking area on image ${number}` });
}

/** Drags with the mouse through `points`, given as fractions of the marking area. */
export async function dragThrough(page: Page, area: Locator, points: Array<[number, number]>): Promise<void> {
  const box = (await area.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + box.width * x, box.y + box.height * y] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const point of points.slice(1)) await page.mouse.move(...at(point), { steps: 8 });
  await page.mouse.up();
}

export async function expectNoSeriousViolations(page: Page, scope: string): Promise<void> {
  const scan = await new AxeBuilder({ page }).include(scope).analyze();
  expect(scan.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""))).toEqual([]);
}

/** Decoded RGB of one pixel. */
export async function pixelAt(bytes: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (Math.round(y) * info.width + Math.round(x)) * 3;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}
