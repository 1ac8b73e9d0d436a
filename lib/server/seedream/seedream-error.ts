import "server-only";
import { SEEDREAM_ERRORS, type SeedreamErrorCode } from "@/lib/shared/seedream/errors";

interface SeedreamErrorDetails {
  /** The provider's own words, kept for people (invalid_request) and logs (everything else). */
  detail?: string;
  status?: number;
  requestId?: string;
  /** The X-Client-Request-Id the studio sent, so a failed call can be traced on the provider's side too. */
  clientRequestId?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

export class SeedreamError extends Error {
  readonly code: SeedreamErrorCode;
  readonly retryable: boolean;
  readonly detail?: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly clientRequestId?: string;
  readonly retryAfterMs?: number;

  constructor(code: SeedreamErrorCode, details: SeedreamErrorDetails = {}) {
    super(sentenceFor(code, details.detail), { cause: details.cause });
    this.name = "SeedreamError";
    this.code = code;
    this.retryable = SEEDREAM_ERRORS[code].retryable;
    this.detail = details.detail;
    this.status = details.status;
    this.requestId = details.requestId;
    this.clientRequestId = details.clientRequestId;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** The plain value that crosses the server-action boundary. */
  toJSON(): { code: SeedreamErrorCode; message: string; retryable: boolean } {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** Only a validation failure's detail helps the person who typed the request; the rest stay in logs. */
function sentenceFor(code: SeedreamErrorCode, detail: string | undefined): string {
  const { sentence } = SEEDREAM_ERRORS[code];
  if (code !== "invalid_request" || !detail) return sentence;
  return `${sentence.slice(0, -1)}: ${detail.trim().slice(0, 500)}`;
}

/**
 * By name, not class identity: Next bundles a module more than once (instrumentation, routes,
 * actions), and an error thrown by one copy must still be recognised by another.
 */
export function isSeedreamError(error: unknown): error is SeedreamError {
  return error instanceof Error && error.name === "SeedreamError" && "code" in error && "retryable" in error;
}
