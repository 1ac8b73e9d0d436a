import "server-only";
import { INPUT_IMAGE_MAX_ASPECT } from "@/lib/shared/seedream/limits";
import { UPLOAD_MAX_BYTES, UPLOAD_MAX_FILES, UPLOAD_MAX_PIXELS } from "@/lib/shared/uploads/limits";

export type UploadRejection =
  | "not_an_image"
  | "empty"
  | "too_large"
  | "too_many_pixels"
  | "too_many_files"
  | "bad_aspect_ratio";

/** Reasons that are about one file's bytes, and so name that file. */
type FileRejection = Exclude<UploadRejection, "too_many_files" | "bad_aspect_ratio">;

/**
 * An upload the studio refuses, with the one sentence to show the person who chose it. These are
 * expected outcomes rather than bugs; the `cause`, when there is one, is the decoder's own words
 * for the logs.
 */
export class UploadError extends Error {
  readonly reason: UploadRejection;
  readonly fileName?: string;

  constructor(reason: UploadRejection, message: string, options: { fileName?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "UploadError";
    this.reason = reason;
    if (options.fileName !== undefined) this.fileName = options.fileName;
  }
}

/**
 * By name, not class identity: Next bundles a module more than once (instrumentation, routes,
 * actions), and an error thrown by one copy must still be recognised by another.
 */
export function isUploadError(error: unknown): error is UploadError {
  return error instanceof Error && error.name === "UploadError" && "reason" in error;
}

const MAX_MEGABYTES = UPLOAD_MAX_BYTES / (1024 * 1024);
const MAX_MEGAPIXELS = UPLOAD_MAX_PIXELS / 1_000_000;

const FILE_SENTENCES: Record<FileRejection, (name: string) => string> = {
  not_an_image: (name) => `“${name}” is not an image the studio can read.`,
  empty: (name) => `“${name}” is empty.`,
  too_large: (name) => `“${name}” is larger than ${MAX_MEGABYTES} MB.`,
  too_many_pixels: (name) => `“${name}” has more than ${MAX_MEGAPIXELS} megapixels.`,
};

export function fileRejection(reason: FileRejection, fileName: string, cause?: unknown): UploadError {
  return new UploadError(reason, FILE_SENTENCES[reason](fileName), { fileName, cause });
}

/** `1:4`, `3.5:1`: rounded up so that a shape just past the limit never reads as the limit itself. */
function describeRatio(width: number, height: number): string {
  const long = Math.max(width, height) / Math.min(width, height);
  const shown = String(Math.ceil(long * 100) / 100);
  return width >= height ? `${shown}:1` : `1:${shown}`;
}

/**
 * The provider's aspect rule (1:3 to 3:1) is refused rather than cropped: which part of a
 * panorama matters is the person's choice, not the studio's.
 */
export function aspectRejection(fileName: string, width: number, height: number): UploadError {
  const limit = INPUT_IMAGE_MAX_ASPECT;
  const message = `“${fileName}” is ${describeRatio(width, height)}; Seedream takes images between 1:${limit} and ${limit}:1.`;
  return new UploadError("bad_aspect_ratio", message, { fileName });
}

export function tooManyFiles(): UploadError {
  return new UploadError("too_many_files", `Add at most ${UPLOAD_MAX_FILES} images at a time.`);
}

/** An upload with no files at all is empty as a whole, so it shares the `empty` reason. */
export function noFiles(): UploadError {
  return new UploadError("empty", "Choose at least one image.");
}
