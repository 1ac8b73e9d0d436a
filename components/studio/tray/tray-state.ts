import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import type { Renumbering } from "@/lib/shared/prompt/mentions";
import { INPUT_IMAGES_MAX, ONE_IMAGE_INPUTS_MAX } from "@/lib/shared/seedream/limits";

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

export type { TraySource } from "./tray-source";
import type { TraySource } from "./tray-source";

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
