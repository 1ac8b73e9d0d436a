import { createHash } from "node:crypto";
import { isRecord } from "./openapi-validator";

export interface InputImageSummary {
  sha256: string;
  bytes: number;
  mime: string;
}

/** One POST the fake received, as tests read it back. Image data is never kept whole. */
export interface RecordedRequest {
  at: string;
  path: string;
  clientRequestId: string | null;
  authorized: boolean;
  /** The HTTP status answered; 0 while no answer has been sent (pending, `[fault:hang]`, client gone). */
  status: number;
  /** When the client closed the connection before any answer (a canceled or killed call). */
  clientGoneAt?: string;
  model?: string;
  prompt?: string;
  /** The body as sent, with each image_urls entry replaced by a summary. */
  body?: Record<string, unknown>;
  /** One entry per data-URL input, in order; http(s) inputs are only named in `body`. */
  inputs?: InputImageSummary[];
  openapiValid: boolean;
  openapiErrors: string[];
  extraFields: string[];
}

/** Long e2e runs must not grow the log without end; the newest entries are the ones tests read. */
const MAX_ENTRIES = 10_000;
/** Prompts and other strings are capped so an oversized body cannot bloat the log. */
const MAX_STRING_CHARS = 10_000;
const MAX_URL_CHARS = 500;

export class RequestLog {
  private entries: RecordedRequest[] = [];

  /** Adds an entry and returns it; the caller fills in `status` once it answers. */
  add(entry: RecordedRequest): RecordedRequest {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return entry;
  }

  snapshot(): RecordedRequest[] {
    return structuredClone(this.entries);
  }

  clear(): void {
    this.entries = [];
  }
}

export interface BodySummary {
  model?: string;
  prompt?: string;
  body: Record<string, unknown>;
  inputs?: InputImageSummary[];
}

export function summarizeBody(body: Record<string, unknown>): BodySummary {
  const summary: BodySummary = { body: {} };
  for (const [key, value] of Object.entries(body)) {
    summary.body[key] = key === "image_urls" ? summarizeImageUrls(value) : capStrings(value);
  }
  if (typeof body.model === "string") summary.model = capString(body.model);
  if (typeof body.prompt === "string") summary.prompt = capString(body.prompt);
  if (Array.isArray(body.image_urls)) {
    summary.inputs = body.image_urls.flatMap((url) => {
      const decoded = typeof url === "string" ? decodeDataUrl(url) : null;
      return decoded ? [describeBytes(decoded.bytes, decoded.mime)] : [];
    });
  }
  return summary;
}

function summarizeImageUrls(value: unknown): unknown {
  if (!Array.isArray(value)) return { kind: "not-an-array", type: typeof value };
  return value.map((url) => {
    if (typeof url !== "string") return { kind: "not-a-string", type: typeof url };
    const decoded = decodeDataUrl(url);
    if (decoded) return { kind: "data-url", ...describeBytes(decoded.bytes, decoded.mime) };
    return { kind: "url", url: url.length > MAX_URL_CHARS ? `${url.slice(0, MAX_URL_CHARS)}…` : url };
  });
}

function describeBytes(bytes: Buffer, mime: string): InputImageSummary {
  return { sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length, mime };
}

/** Parses with indexOf rather than a regex: the URL may be tens of megabytes long. */
export function decodeDataUrl(url: string): { mime: string; bytes: Buffer } | null {
  if (!url.startsWith("data:")) return null;
  const comma = url.indexOf(",");
  if (comma < 0) return null;
  const header = url.slice(5, comma);
  const payload = url.slice(comma + 1);
  const isBase64 = header.endsWith(";base64");
  const mime = (isBase64 ? header.slice(0, -";base64".length) : header).split(";")[0] || "text/plain";
  try {
    const bytes = isBase64 ? Buffer.from(payload, "base64") : Buffer.from(decodeURIComponent(payload));
    return { mime, bytes };
  } catch {
    return null;
  }
}

function capStrings(value: unknown): unknown {
  if (typeof value === "string") return capString(value);
  if (Array.isArray(value)) return value.map(capStrings);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capStrings(v)]));
  return value;
}

function capString(value: string): string {
  return value.length > MAX_STRING_CHARS ? `${value.slice(0, MAX_STRING_CHARS)}…` : value;
}
