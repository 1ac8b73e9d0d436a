import "server-only";
import { type SeedreamErrorCode } from "@/lib/shared/seedream/errors";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";
import { parseRetryAfter } from "./retry";
import { seedreamErrorEnvelope } from "@/lib/shared/seedream/schema";

/**
 * Turning a failed HTTP answer from `POST /images/generations` into a SeedreamError.
 * AI/ML API has no documented status for a content-policy refusal; BytePlus and fal report them as
 * 400 or 500 with their own codes in the message, so the words are checked before the status.
 */

/** BytePlus Ark and Volcano Engine refusal codes (seedream-api.md §6). */
const SAFETY_CODE = /(?:input|output)(?:text|image)(?:sensitivecontentdetected|riskdetection)/i;
/**
 * Whole words only: a validation error about `enable_safety_checker` or `has_nsfw_concepts`, or a
 * "case-sensitive" field, is not a refusal.
 */
const SAFETY_WORDS = /(?<!case[\s-])\bsensitive\b|\bnsfw\b|\bcontent[\s_-]?polic(?:y|ies)\b|\bsafety\b/i;

export function mentionsSafety(...texts: Array<string | undefined>): boolean {
  return texts.some((text) => text !== undefined && (SAFETY_CODE.test(text) || SAFETY_WORDS.test(text)));
}

export function classifyHttpFailure(status: number, bodyText: string, headers: Headers): SeedreamError {
  const reported = readErrorBody(bodyText);
  const details = {
    status,
    detail: reported.detail,
    requestId: reported.requestId ?? headers.get("x-request-id") ?? undefined,
  };
  if (mentionsSafety(...reported.texts)) return new SeedreamError("safety_rejected", details);

  const code = codeForStatus(status);
  // Only these two tell the caller when to come back; on anything else a Retry-After means nothing here.
  const retryAfterMs =
    status === 429 || status === 503 ? parseRetryAfter(headers.get("retry-after")) : undefined;
  return new SeedreamError(code, { ...details, retryAfterMs });
}

function codeForStatus(status: number): SeedreamErrorCode {
  if (status === 401) return "unauthorized";
  // AI/ML API answers 403 "You've run out of credits"; 402 is the conventional status for the same.
  if (status === 402 || status === 403) return "out_of_credits";
  if (status === 429) return "rate_limited";
  if (status === 408 || status === 504) return "provider_timeout";
  if (status >= 400 && status < 500) return "invalid_request";
  if (status >= 500 && status < 600) return "provider_error";
  return "bad_response";
}

interface ReportedError {
  detail?: string;
  requestId?: string;
  /** Everything in the body that may name a refusal code or reason. */
  texts: string[];
}

/** Enough of an HTML or text error page to recognise it in a log. */
const SNIPPET_MAX_CHARS = 300;

/**
 * Reads either envelope (the documented `{message, statusCode, requestId, …}` or the problem+json
 * `{title, status, message, error: {name, message}, requestId}`), or falls back to the raw text:
 * gateways in front of the API answer with HTML or plain text.
 */
function readErrorBody(bodyText: string): ReportedError {
  const json = parseJson(bodyText);
  if (typeof json === "string") return { detail: snippet(json), texts: [json] };
  const parsed = seedreamErrorEnvelope.safeParse(json);
  if (!parsed.success) return { detail: snippet(bodyText), texts: [bodyText] };

  const envelope = parsed.data;
  const message = typeof envelope.message === "string" ? envelope.message : envelope.message?.message;
  const error = envelope.error;
  const errorMessage = typeof error === "string" ? error : error?.message;
  const texts = [
    message,
    errorMessage,
    envelope.title,
    typeof error === "object" ? error.name : undefined,
    typeof error === "object" ? stringOrUndefined(error.code) : undefined,
    stringOrUndefined(envelope.code),
  ].filter((text): text is string => typeof text === "string" && text.trim() !== "");

  return {
    detail: (message ?? errorMessage ?? envelope.title)?.trim() || undefined,
    requestId: envelope.requestId ?? undefined,
    texts,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function snippet(text: string): string | undefined {
  const flat = text.replace(/\s+/g, " ").trim();
  if (!flat) return undefined;
  return flat.length > SNIPPET_MAX_CHARS ? `${flat.slice(0, SNIPPET_MAX_CHARS - 1)}…` : flat;
}
