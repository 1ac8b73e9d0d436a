import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";

/** The extension each stored type is saved and exported under. */
export const MIME_EXTENSIONS = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" } as const;
const EXTENSIONS: Record<string, string> = MIME_EXTENSIONS;
/** Other spellings a person's own file may use for the same format; those are kept as they are. */
const ALIASES: Record<string, readonly string[]> = { png: ["png"], jpg: ["jpg", "jpeg", "jpe", "jfif"], webp: ["webp"] };
/** Image extensions that would lie about the bytes if kept, so they are replaced rather than kept before the real one. */
const IMAGE_EXTENSIONS = new Set(["png", "apng", "jpg", "jpeg", "jpe", "jfif", "webp", "gif", "bmp", "tif", "tiff", "heic", "heif", "avif"]);
const SLUG_MAX = 48;
/** File systems allow 255 bytes per name; this leaves room for the extension and a browser's " (1)". */
const UPLOAD_STEM_MAX_BYTES = 200;
/** Letters NFKD does not take apart into ASCII. */
const TRANSLITERATIONS: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ł: "l", þ: "th", ð: "d", ı: "i" };

/**
 * A name a person can find again in their downloads folder:
 * `seedream-2026-11-23-a-lighthouse-on-a-cliff-seed-1234-1.png` for a result, the original file
 * name (made safe) for an upload.
 */
export function downloadFileName(image: ImageView, generation: GenerationView | null): string {
  const extension = EXTENSIONS[image.mime] ?? "bin";
  if (image.origin === "upload") return uploadFileName(image, extension);
  const seed = image.seed ?? generation?.seed ?? null;
  const position = generation ? generation.outputs.findIndex((output) => output.id === image.id) : -1;
  const parts = [
    "seedream",
    localDate(image.createdAt),
    promptSlug(generation?.prompt ?? ""),
    seed === null ? "" : `seed-${seed}`,
    position === -1 ? "" : String(position + 1),
  ];
  return `${parts.filter(Boolean).join("-")}.${extension}`;
}

/**
 * An image's place in a session export, named the way a single download is (date, prompt, seed,
 * position; an upload by its own name) so the zip reads like a downloads folder, with the end of
 * the image's id to keep two runs of one prompt apart. ASCII only, and the date in UTC, so the
 * same record always gets the same name wherever it is exported or checked.
 */
export function exportFileName(
  image: { id: string; mime: string; origin: "upload" | "output"; createdAt: number; seed: number | null; fileName: string | null; outputIndex: number | null },
  generation: { prompt: string; seed: number | null } | null,
): string {
  const extension = EXTENSIONS[image.mime] ?? "bin";
  const day = new Date(image.createdAt).toISOString().slice(0, 10);
  const seed = image.seed ?? generation?.seed ?? null;
  const parts =
    image.origin === "upload"
      ? ["upload", asciiSlug((image.fileName ?? "").replace(/\.[^.]*$/, "")) || day]
      : ["seedream", day, asciiSlug(generation?.prompt ?? ""), seed === null ? "" : `seed-${seed}`, image.outputIndex === null ? "" : String(image.outputIndex + 1)];
  return `${[...parts, image.id.slice(-8)].filter(Boolean).join("-")}.${extension}`;
}

/** The calendar day where this code runs: the browser's for a saved file, the server's for its fallback name. */
export function localDate(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** ASCII words of the prompt joined by "-", cut at a word boundary when one is near the limit. */
function promptSlug(prompt: string): string {
  return asciiSlug(prompt);
}

function asciiSlug(prompt: string): string {
  const letters = prompt.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  const ascii = Array.from(letters, (char) => TRANSLITERATIONS[char] ?? char)
    .join("")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (ascii.length <= SLUG_MAX) return ascii;
  const head = ascii.slice(0, SLUG_MAX + 1);
  const lastBreak = head.lastIndexOf("-");
  return (lastBreak >= SLUG_MAX / 2 ? head.slice(0, lastBreak) : head.slice(0, SLUG_MAX)).replace(/-+$/, "");
}

function uploadFileName(image: ImageView, extension: string): string {
  const base = (image.fileName ?? "").split(/[\\/]/).at(-1) ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    // Direction overrides and invisible marks can disguise an extension ("photo\u202Egnp.exe").
    .replace(/[\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
    // A leading dot hides a file; Windows drops trailing dots and spaces.
    .replace(/^[\s.]+|[\s.]+$/g, "");

  const dot = cleaned.lastIndexOf(".");
  const ownExtension = dot > 0 ? cleaned.slice(dot + 1) : "";
  const keepsOwn = ALIASES[extension]?.includes(ownExtension.toLowerCase()) ?? false;
  const dropsOwn = keepsOwn || IMAGE_EXTENSIONS.has(ownExtension.toLowerCase());
  const stem = truncateUtf8(dropsOwn ? cleaned.slice(0, dot) : cleaned, UPLOAD_STEM_MAX_BYTES).replace(/[\s.\u200d]+$/, "");
  const finalExtension = keepsOwn ? ownExtension : extension;
  if (!stem) return `seedream-upload-${localDate(image.createdAt)}.${finalExtension}`;
  // Windows refuses these names whatever their extension.
  const safeStem = /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(stem) ? `_${stem}` : stem;
  return `${safeStem}.${finalExtension}`;
}

function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  let result = "";
  let bytes = 0;
  for (const char of text) {
    bytes += encoder.encode(char).length;
    if (bytes > maxBytes) break;
    result += char;
  }
  return result;
}
