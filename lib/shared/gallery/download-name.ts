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

/** The calendar day where this code runs: the browser's for a saved file, the server's for its fallback name. */
export function localDate(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** ASCII words of the prompt joined by "-", cut at a word boundary when one is near the limit. */
function promptSlug(prompt: string): string {
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
