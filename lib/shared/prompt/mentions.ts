/**
 * The prompt's words for the tray's inputs: Seedream's edit model reads "image 1", "image 2", … as
 * the inputs in the order they are sent, so when the tray's order changes the words must follow.
 *
 * What counts as a mention (and why):
 * - "image", "img" or "picture", any case, then an ASCII number: "Image 2", "img 3", "picture10".
 *   In an edit prompt there is nothing else these words could number. "photo" is left out: "photo 2
 *   metres away" reads as a measure more often than as a reference.
 * - Spaces or tabs may sit between word and number, or none ("image1"); a line break may not: a
 *   numbered list ("…the image\n2. Add a hat") must not become a mention.
 * - The word must start a word ("myimage 2" is not one) and the number must end it: "image 2nd",
 *   "image 2x", "image 2.5", "image 2,5", "image1.png" and "image 10" (as "image 1" + "0") are not
 *   mentions of image 2 or 1. Punctuation after it is fine: "image 2.", "image 2,", "(image 2)".
 * - Plurals and ranges ("images 1 and 2", "image 1–3") are not understood and are left as written;
 *   a range is not half-renumbered.
 * - Only ASCII digits: "image ２" or "image ٢" are not mentions.
 * - "image ?" (with a space, so a question like "which image?" is not one) is what a mention of an
 *   input that left the tray becomes (see renumberMentions): it points at nothing, rather than
 *   silently at whichever picture took the number, and the form says so under the prompt.
 */

interface Mention {
  /** Where the whole mention ("Image 2") starts and ends in the prompt. */
  start: number;
  end: number;
  /** Where its number (or "?") starts. */
  numberStart: number;
  /** The image number, 1-based; null for "image ?". */
  number: number | null;
}

/** Old image number → new one, or null for an image that left the tray; numbers not in it stay. */
export type Renumbering = ReadonlyMap<number, number | null>;

const REMOVED_MARK = "?";

// W: a character that continues a word; H: horizontal space (any whitespace but a line break).
const W = String.raw`[\p{L}\p{N}\p{M}_]`;
const H = String.raw`[^\S\r\n\u2028\u2029]`;
const MENTION = new RegExp(
  String.raw`(?<!${W})(?:image|img|picture)(?:${H}*([0-9]+)(?!${W}|[.,]${W}|${H}*[-–—]${H}*[0-9])|${H}+\?(?!${W}))`,
  "giu",
);

export function findMentions(prompt: string): Mention[] {
  return Array.from(prompt.matchAll(MENTION), (match) => {
    const start = match.index;
    const end = start + match[0].length;
    const digits = match[1];
    return digits === undefined
      ? { start, end, numberStart: end - REMOVED_MARK.length, number: null }
      : { start, end, numberStart: end - digits.length, number: Number(digits) };
  });
}

/**
 * The prompt with every mention renumbered at once (so swapping 1 and 10 is a swap, not two
 * rewrites), keeping the writer's words, case and spacing. Only the numbers change.
 */
export function renumberMentions(prompt: string, change: Renumbering): string {
  let result = "";
  let copied = 0;
  for (const mention of findMentions(prompt)) {
    if (mention.number === null || !change.has(mention.number)) continue;
    const next = change.get(mention.number);
    result += prompt.slice(copied, mention.numberStart) + (next === null || next === undefined ? REMOVED_MARK : String(next));
    copied = mention.end;
  }
  return result + prompt.slice(copied);
}

/**
 * The text with `insertion` in place of the selection `start`–`end`, a space added on either side
 * where it would otherwise run into a word, and where the caret goes: right after the insertion.
 */
export function insertAtCaret(text: string, start: number, end: number, insertion: string): { text: string; caret: number } {
  const from = clamp(Math.min(start, end), text.length);
  const to = clamp(Math.max(start, end), text.length);
  const before = text.slice(0, from);
  const after = text.slice(to);
  const spaceBefore = before !== "" && !/[\s([{"'“‘«]$/u.test(before) ? " " : "";
  const spaceAfter = after !== "" && !/^[\s.,;:!?)\]}"'”’»]/u.test(after) ? " " : "";
  return { text: before + spaceBefore + insertion + spaceAfter + after, caret: before.length + spaceBefore.length + insertion.length };
}

/**
 * One sentence for mentions that point at nothing: a number the tray does not hold, or an input
 * that left it. Null when every mention has its picture.
 */
export function mentionProblem(prompt: string, held: number): string | null {
  const mentions = findMentions(prompt);
  const missing = [...new Set(mentions.flatMap(({ number }) => (number !== null && (number < 1 || number > held) ? [number] : [])))].sort(
    (a, b) => a - b,
  );
  const sentences: string[] = [];
  if (missing.length > 0) {
    const holds = held === 0 ? "holds no images" : `holds ${held} image${held === 1 ? "" : "s"}`;
    const what = missing.length === 1 ? `image ${missing[0]}` : `images ${listed(missing)}`;
    sentences.push(`The prompt mentions ${what}, but the tray ${holds}.`);
  }
  if (mentions.some(({ number }) => number === null)) {
    sentences.push("“image ?” marks an image that left the tray: say which image you mean.");
  }
  return sentences.length > 0 ? sentences.join(" ") : null;
}

function listed(numbers: number[]): string {
  return numbers.length === 1 ? String(numbers[0]) : `${numbers.slice(0, -1).join(", ")} and ${numbers.at(-1)}`;
}

function clamp(position: number, length: number): number {
  return Math.min(Math.max(0, Number.isFinite(position) ? position : length), length);
}
