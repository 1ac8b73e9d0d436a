import * as z from "@/lib/shared/zod";
import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import type { Renumbering } from "@/lib/shared/prompt/mentions";
import { INPUT_IMAGES_MAX, ONE_IMAGE_INPUTS_MAX, PROMPT_MAX_CHARS } from "@/lib/shared/seedream/limits";
import { FILE_NAME_MAX_GRAPHEMES } from "@/lib/shared/uploads/file-name";

/**
 * The tray's rules, apart from React: how many images it holds, how they move, and what is kept
 * across a reload. The order is the order of the edit's `image_urls`: "Image 1" is the first.
 */

/** v4's limit, the default model's; the tray takes as many as the chosen model does. */
export const TRAY_CAPACITY = INPUT_IMAGES_MAX;
/** The most any model takes: a stored tray keeps this many, whichever model is chosen after a reload. */
export const TRAY_MAX_HELD = ONE_IMAGE_INPUTS_MAX;
export const TRAY_STORAGE_KEY = "seedream-studio.tray";

/** A copy with the entry at `from` moved to `to`; out-of-range positions leave the order unchanged. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return copy;
  const [moved] = copy.splice(from, 1);
  copy.splice(to, 0, moved as T);
  return copy;
}

/**
 * How the numbered places changed: old number → new number, or null for an input that left. Null
 * when nothing already there moved or left (an append, say), so the prompt is not touched.
 */
export function renumbering(before: readonly string[], after: readonly string[]): Renumbering | null {
  const change = new Map(before.map((key, index) => [index + 1, after.includes(key) ? after.indexOf(key) + 1 : null]));
  return [...change].every(([from, to]) => from === to) ? null : change;
}

/** What fits into a tray already holding `held`, in the order given, and how many did not. */
export function takeRoom<T>(incoming: readonly T[], held: number, capacity = TRAY_CAPACITY): { kept: T[]; leftOut: number } {
  const room = Math.max(0, capacity - held);
  return { kept: incoming.slice(0, room), leftOut: Math.max(0, incoming.length - room) };
}

export function overflowSentence(leftOut: number, capacity = TRAY_CAPACITY): string {
  return `The tray holds at most ${capacity} images; ${leftOut === 1 ? "1 was" : `${leftOut} were`} left out.`;
}

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

/** The provenance of a stored image, from the generation it came out of when that is known. */
export function sourceOf(image: ImageView, generation?: GenerationView | null): TraySource {
  const output = generation ? generation.outputs.findIndex((candidate) => candidate.id === image.id) : -1;
  if (generation && output !== -1) return { kind: "result", prompt: generation.prompt, output: output + 1 };
  if (image.origin === "upload" && image.fileName) return { kind: "upload", fileName: image.fileName };
  return { kind: "gallery" };
}

const LABEL_PROMPT_MAX = 32;

/** "red.png", "Result 2 of “a lighthouse on a cliff at…”" or "From the gallery". */
export function sourceLabel(source: TraySource): string {
  switch (source.kind) {
    case "upload":
      return source.fileName;
    case "result": {
      const characters = Array.from(source.prompt.replace(/\s+/gu, " ").trim());
      const prompt = characters.length > LABEL_PROMPT_MAX ? `${characters.slice(0, LABEL_PROMPT_MAX - 1).join("").trimEnd()}…` : characters.join("");
      return `Result ${source.output} of “${prompt}”`;
    }
    case "gallery":
      return "From the gallery";
  }
}

export interface StoredTrayEntry {
  image: ImageView;
  source: TraySource;
}

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
