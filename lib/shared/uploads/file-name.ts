/** Long enough for any real file name, short enough that an error sentence stays one line of text. */
export const FILE_NAME_MAX_GRAPHEMES = 200;

/** What a name becomes when nothing readable is left of it. */
const NAMELESS = "image";

/**
 * C0/C1 controls (newlines, NUL, escape sequences) become spaces. Bidirectional embeddings,
 * overrides and isolates are removed because they can make "gnp.exe" read as "exe.png";
 * right-to-left letters themselves and joiners inside emoji are ordinary text and stay.
 */
const CONTROLS = /[\p{Cc}\u2028\u2029]/gu;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\uFEFF]/g;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function splitGraphemes(text: string): string[] {
  return Array.from(graphemes.segment(text), (part) => part.segment);
}

/**
 * A file name as a browser or client sent it, made safe to show: only its last path part (a name
 * like "../../etc/passwd.png" is a name, never a place), no control characters, and capped in
 * length with its extension kept. Uploads are stored by id, so this is for display only.
 */
export function displayFileName(raw: string): string {
  const lastPart = raw.split(/[/\\]/).filter((part) => part.trim() !== "").pop() ?? "";
  const cleaned = lastPart
    .normalize("NFC")
    .replace(BIDI_CONTROLS, "")
    .replace(CONTROLS, " ")
    .replace(/\s+/gu, " ")
    .trim();
  if (!/[^.\s]/u.test(cleaned)) return NAMELESS;

  const parts = splitGraphemes(cleaned);
  if (parts.length <= FILE_NAME_MAX_GRAPHEMES) return cleaned;
  const extension = /\.[^.\s]{1,10}$/u.exec(cleaned)?.[0] ?? "";
  const kept = parts.slice(0, FILE_NAME_MAX_GRAPHEMES - 1 - splitGraphemes(extension).length);
  return `${kept.join("").trimEnd()}…${extension}`;
}
