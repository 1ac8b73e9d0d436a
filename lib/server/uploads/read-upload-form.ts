import "server-only";
import { Readable } from "node:stream";
import busboy from "busboy";
import { displayFileName } from "@/lib/shared/uploads/file-name";
import { UPLOAD_MAX_BYTES, UPLOAD_MAX_FILES } from "@/lib/shared/uploads/limits";
import { fileRejection, tooManyFiles } from "@/lib/server/uploads/upload-errors";

/** The files of one upload, each whole in memory: sharp needs every byte to decode one. */
export interface ReceivedFile {
  name: string;
  bytes: Buffer;
}

/** Ten files at the per-file limit, plus room for the parts' own headers and boundaries. */
export const UPLOAD_BODY_MAX_BYTES = UPLOAD_MAX_FILES * UPLOAD_MAX_BYTES + 1024 * 1024;

/** Why a body was refused before any file in it was looked at. */
export class UploadBodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = "UploadBodyError";
  }
}

export function isUploadBodyError(error: unknown): error is UploadBodyError {
  return error instanceof Error && error.name === "UploadBodyError" && "status" in error;
}

const NOT_A_FORM = "Send the images as a form.";
const TOO_BIG = `An upload may hold at most ${UPLOAD_MAX_FILES} images of ${UPLOAD_MAX_BYTES / (1024 * 1024)} MB each.`;
const NAMELESS_FILE = "Send each image as a file with a name.";
/** Busboy's words for a part header it cannot read; names with NUL or escape bytes are the usual cause. */
const UNREADABLE_PART =
  "A file name in the upload could not be read (it holds control characters such as NUL or escape, or ends in a backslash); rename the file and try again.";

/**
 * Reads a multipart body as it streams in, checking every limit while reading: the declared length
 * first, then each file's bytes (a file past 25 MB stops the read there), the count of files and
 * the body's total, so nothing larger than the limits is ever held. Only the `files` field counts;
 * other fields and files under other names are read past and dropped, as a form's extras always were.
 */
export async function readUploadForm(request: Request): Promise<ReceivedFile[]> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data") || !request.body) throw new UploadBodyError(400, NOT_A_FORM);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > UPLOAD_BODY_MAX_BYTES) throw new UploadBodyError(413, TOO_BIG);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": type },
      defParamCharset: "utf8",
      // The whole name as sent: displayFileName keeps its last path part, the one rule for names.
      preservePath: true,
      limits: { fileSize: UPLOAD_MAX_BYTES, files: UPLOAD_MAX_FILES, fields: 40, fieldSize: 1024, parts: 40 },
    });
  } catch {
    // No boundary, or a type busboy does not know: not a form it can read.
    throw new UploadBodyError(400, NOT_A_FORM);
  }

  const body = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);
  const files: ReceivedFile[] = [];
  const reading: Promise<void>[] = [];

  const done = new Promise<void>((resolve, reject) => {
    /** The first refusal ends the read at once: nothing after it is worth receiving. */
    const refuse = (error: unknown) => {
      reject(error);
      body.unpipe(parser);
      body.destroy();
      parser.destroy();
    };
    let total = 0;
    const delimiters = delimiterCounter(type);
    body.on("data", (chunk: Buffer) => {
      total += chunk.length;
      delimiters.count(chunk);
      if (total > UPLOAD_BODY_MAX_BYTES) refuse(new UploadBodyError(413, TOO_BIG));
    });
    let partsSeen = 0;
    body.on("error", () => refuse(new UploadBodyError(400, NOT_A_FORM)));
    parser.on("error", (error: unknown) =>
      refuse(new UploadBodyError(400, /malformed part header/i.test(String(error)) ? UNREADABLE_PART : NOT_A_FORM)),
    );
    parser.on("file", (field, stream, info) => {
      partsSeen += 1;
      if (field !== "files") {
        stream.resume();
        return;
      }
      const index = reading.length;
      reading.push(collect(stream, info.filename ?? "").then((file) => void (files[index] = file), refuse));
    });
    // A part without a file name is a text field to busboy; under `files` with an image's type it is a
    // nameless file (no browser sends one), refused rather than silently dropped.
    parser.on("field", (field, _value, info) => {
      partsSeen += 1;
      if (field === "files" && info.mimeType !== "text/plain") refuse(new UploadBodyError(400, NAMELESS_FILE));
    });
    parser.on("filesLimit", () => refuse(tooManyFiles()));
    parser.on("partsLimit", () => refuse(new UploadBodyError(400, NOT_A_FORM)));
    parser.on("close", () => {
      // Busboy skips a part whose header it cannot parse without a word (a name ending in a
      // backslash escapes its own closing quote); a file must never vanish from a batch unsaid.
      if (partsSeen < delimiters.parts()) refuse(new UploadBodyError(400, UNREADABLE_PART));
      else resolve();
    });
    body.pipe(parser);
  });
  await done;
  await Promise.all(reading);
  return files;
}

/** One file's bytes, refused as too large the moment it passes the limit (busboy stops reading it). */
function collect(stream: Readable & { truncated?: boolean }, name: string): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("limit", () => reject(fileRejection("too_large", displayFileName(name))));
    stream.on("error", reject);
    stream.on("end", () => {
      if (stream.truncated) reject(fileRejection("too_large", displayFileName(name)));
      else resolve({ name, bytes: Buffer.concat(chunks) });
    });
  });
}

/**
 * Counts the parts a multipart body holds by its boundary lines, as the bytes pass: every part
 * starts with `--boundary`, and one more closes the body. A match split across two chunks is
 * found by keeping the last few bytes of the one before.
 */
function delimiterCounter(contentType: string): { count: (chunk: Buffer) => void; parts: () => number } {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const delimiter = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ""}`);
  let carry = Buffer.alloc(0);
  let seen = 0;
  return {
    count(chunk) {
      const window = Buffer.concat([carry, chunk]);
      for (let at = window.indexOf(delimiter); at >= 0; at = window.indexOf(delimiter, at + delimiter.length)) seen += 1;
      carry = window.subarray(Math.max(0, window.length - (delimiter.length - 1)));
    },
    parts: () => Math.max(0, seen - 1),
  };
}
