import * as z from "@/lib/shared/zod";
import type { ImageView } from "@/lib/shared/gallery/view";
import { PROMPT_MAX_CHARS } from "@/lib/shared/seedream/limits";
import { FILE_NAME_MAX_GRAPHEMES } from "@/lib/shared/uploads/file-name";
import { sourceOf, TRAY_MAX_HELD, type StoredTrayEntry } from "./tray-state";

/**
 * The tray as kept across a reload, read back with zod: fetched just after the first paint
 * (tray-source-lazy.ts), so the first load carries no schema library.
 */

/** Where an input came from, shown on its tile and kept with it across a reload. */
const traySource = z.discriminatedUnion("kind", [
  // Generous: the name was already made safe to show by displayFileName before it was stored.
  z.object({ kind: z.literal("upload"), fileName: z.string().check(z.minLength(1), z.maxLength(FILE_NAME_MAX_GRAPHEMES * 4)) }),
  /** Output `output` (1-based) of the generation that had `prompt`. */
  z.object({ kind: z.literal("result"), prompt: z.string().check(z.maxLength(PROMPT_MAX_CHARS)), output: z.number().check(z.int(), z.minimum(1), z.maximum(100)) }),
  /** A gallery image whose generation the tray was not told about (a dragged result, say). */
  z.object({ kind: z.literal("gallery") }),
]);
export type TraySource = z.infer<typeof traySource>;

/**
 * The stored tray, or nothing: anything that is not an image view is dropped. A provenance that
 * does not parse is not shown; the image comes back with what it says of itself. A bare image view
 * is how the tray was stored before it kept provenance.
 */
export function parseStoredTray(raw: string | null): StoredTrayEntry[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.flatMap(storedEntry).slice(0, TRAY_MAX_HELD) : [];
  } catch {
    return [];
  }
}

function storedEntry(value: unknown): StoredTrayEntry[] {
  if (isImageView(value)) return [{ image: value, source: sourceOf(value) }];
  if (typeof value !== "object" || value === null) return [];
  const { image, source } = value as Record<string, unknown>;
  if (!isImageView(image)) return [];
  const parsed = traySource.safeParse(source);
  return [{ image, source: parsed.success ? parsed.data : sourceOf(image) }];
}

function isImageView(value: unknown): value is ImageView {
  if (typeof value !== "object" || value === null) return false;
  const image = value as Record<string, unknown>;
  return (
    typeof image.id === "string" &&
    typeof image.url === "string" &&
    typeof image.thumbnailUrl === "string" &&
    typeof image.width === "number" &&
    typeof image.height === "number" &&
    // Shown as text on the tile: anything but a string or nothing would break the page.
    (image.fileName === null || typeof image.fileName === "string")
  );
}
