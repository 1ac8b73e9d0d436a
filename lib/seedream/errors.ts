/**
 * Every way a generation can fail, the one sentence a person sees for it, and whether trying again
 * can help. Components never write their own error text; they show `message` from here.
 */
export const SEEDREAM_ERRORS = {
  unauthorized: {
    retryable: false,
    sentence:
      "The AI/ML API refused this studio's key: whoever runs the studio needs to set a valid AIMLAPI_KEY.",
  },
  out_of_credits: {
    retryable: false,
    sentence:
      "The AI/ML API account behind this studio is out of credits: whoever runs the studio needs to top up its balance.",
  },
  rate_limited: {
    retryable: true,
    sentence:
      "The AI/ML API is getting too many requests from this studio right now; wait a little and try again.",
  },
  invalid_request: {
    retryable: false,
    sentence: "The image service rejected the request as invalid.",
  },
  safety_rejected: {
    retryable: false,
    sentence:
      "The safety checker refused this prompt or image; change the wording or the inputs and try again.",
  },
  provider_error: {
    retryable: true,
    sentence: "The image service had an internal error; trying again usually works.",
  },
  provider_timeout: {
    retryable: true,
    sentence:
      "The image service took too long to answer; try again, perhaps with fewer or smaller images.",
  },
  network: {
    retryable: true,
    sentence:
      "The studio could not reach the image service; check the server's network connection and try again.",
  },
  bad_response: {
    retryable: true,
    sentence: "The image service sent back something that is not a usable image; try again.",
  },
  canceled: {
    retryable: true,
    sentence: "The generation was canceled.",
  },
} as const satisfies Record<string, { retryable: boolean; sentence: string }>;

export type SeedreamErrorCode = keyof typeof SEEDREAM_ERRORS;
export const SEEDREAM_ERROR_CODES = Object.keys(SEEDREAM_ERRORS) as SeedreamErrorCode[];

export interface SeedreamErrorDetails {
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
