import type { GenerationView, ImageView } from "@/lib/gallery/view";

const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };
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
 * Saves the original bytes under `downloadFileName`. The image route names the file itself in its
 * Content-Disposition header, and browsers prefer that name over the `download` attribute, so the
 * bytes are handed over through a blob URL; if fetching fails, the plain link lets the browser's
 * own downloads list report the problem.
 */
export function downloadImage(image: ImageView, generation: GenerationView | null): void {
  void saveAs(image.url, downloadFileName(image, generation));
}

async function saveAs(url: string, name: string): Promise<void> {
  const response = await fetch(url, { credentials: "same-origin" }).catch(() => null);
  if (!response?.ok) {
    clickDownloadLink(url, name);
    return;
  }
  const blobUrl = URL.createObjectURL(await response.blob());
  clickDownloadLink(blobUrl, name);
  // Revoking at once can cut the download short in some browsers.
  setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
}

function clickDownloadLink(href: string, name: string): void {
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  link.rel = "noopener";
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

function localDate(epochMs: number): string {
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
