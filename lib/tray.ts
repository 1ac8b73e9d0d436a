import type { ImageView } from "@/lib/gallery/view";
import { INPUT_IMAGES_MAX } from "@/lib/seedream/limits";

/**
 * The tray's rules, apart from React: how many images it holds, how they move, and what is kept
 * across a reload. The order is the order of the edit's `image_urls`: "Image 1" is the first.
 */

export const TRAY_CAPACITY = INPUT_IMAGES_MAX;
export const TRAY_STORAGE_KEY = "seedream-studio.tray";

/** A copy with the entry at `from` moved to `to`; out-of-range positions leave the order unchanged. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return copy;
  const [moved] = copy.splice(from, 1);
  copy.splice(to, 0, moved as T);
  return copy;
}

/** What fits into a tray already holding `held`, in the order given, and how many did not. */
export function takeRoom<T>(incoming: readonly T[], held: number, capacity = TRAY_CAPACITY): { kept: T[]; leftOut: number } {
  const room = Math.max(0, capacity - held);
  return { kept: incoming.slice(0, room), leftOut: Math.max(0, incoming.length - room) };
}

export function overflowSentence(leftOut: number, capacity = TRAY_CAPACITY): string {
  return `The tray holds at most ${capacity} images; ${leftOut === 1 ? "1 was" : `${leftOut} were`} left out.`;
}

/** The stored tray, or nothing: anything that is not a list of image views is ignored. */
export function parseStoredTray(raw: string | null): ImageView[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter(isImageView).slice(0, TRAY_CAPACITY) : [];
  } catch {
    return [];
  }
}

function isImageView(value: unknown): value is ImageView {
  if (typeof value !== "object" || value === null) return false;
  const image = value as Record<string, unknown>;
  return (
    typeof image.id === "string" &&
    typeof image.url === "string" &&
    typeof image.thumbnailUrl === "string" &&
    typeof image.width === "number" &&
    typeof image.height === "number"
  );
}
