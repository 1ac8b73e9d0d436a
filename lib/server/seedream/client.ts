import "server-only";
import { classifyHttpFailure } from "./classify";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";
import { parseSeedreamResponse, type ParsedSeedreamResponse, type SeedreamOutput } from "./response";
import { OUTPUT_MAX_BYTES } from "@/lib/server/engine/download-output";
import { NUM_IMAGES_MAX } from "@/lib/shared/seedream/limits";
import { readBounded } from "@/lib/shared/read-bounded";
import { backoffDelayMs, sleep } from "./retry";
import { providerRequest, type ProviderRequest } from "@/lib/shared/seedream/request";
import type { InputImages } from "./input-images";
import { requestBody } from "./request-body";

export type { SeedreamOutput } from "./response";

/**
 * The HTTP client for AI/ML API's `POST /images/generations` (seedream-api.md §1). The call is
 * synchronous on the provider's side and charged once it runs, so the client retries only answers
 * that prove the generation never started.
 */

export interface SeedreamClientOptions {
  apiKey: string;
  /** Default "https://api.aimlapi.com/v1"; a trailing slash is tolerated. */
  baseUrl?: string;
  /** A deadline for the whole call, retries and waits included. Default 180 s (§9: plan 5–30 s, more for 4096²). */
  timeoutMs?: number;
  /** Tries in all, the first included. Default 3. */
  maxAttempts?: number;
  /** Default 1 s: the first wait before jitter; each later wait doubles. */
  backoffBaseMs?: number;
  /** Default 20 s: the longest single wait, a provider's Retry-After included. */
  maxBackoffMs?: number;
  fetch?: typeof fetch;
  /** Default RESPONSE_MAX_BYTES: an answer larger than this is refused as it arrives. */
  maxResponseBytes?: number;
}

interface SeedreamCallResult {
  outputs: SeedreamOutput[];
  seed?: number;
  creditsUsed?: number;
  /** The X-Client-Request-Id sent, the same on every try of one call. */
  requestId: string;
  /** The provider's `x-inference-id` header. */
  inferenceId?: string;
  attempts: number;
  /** The final HTTP status. */
  status: number;
}

interface SeedreamCallOptions {
  signal?: AbortSignal;
  /** The stored inputs the request's stand-in data URLs name (input-images.ts). */
  inputs?: InputImages;
}

interface SeedreamClient {
  generate(request: ProviderRequest, options?: SeedreamCallOptions): Promise<SeedreamCallResult>;
}

const DEFAULT_BASE_URL = "https://api.aimlapi.com/v1";

/**
 * 429 is refused before any work, and 503 means the service could not take the call. A 500, 502 or
 * 504 may come after the generation ran and was charged, so trying again could pay twice.
 */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export function createSeedreamClient(options: SeedreamClientOptions): SeedreamClient {
  const endpoint = `${(options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "")}/images/generations`;
  const timeoutMs = options.timeoutMs ?? 180_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const backoffBaseMs = options.backoffBaseMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 20_000;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (!(timeoutMs > 0)) throw new RangeError("timeoutMs must be a positive number of milliseconds.");
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError("maxAttempts must be a whole number ≥ 1.");
  }

  async function generate(request: ProviderRequest, { signal, inputs }: SeedreamCallOptions = {}): Promise<SeedreamCallResult> {
    const parsed = providerRequest.safeParse(request);
    if (!parsed.success) {
      throw new SeedreamError("invalid_request", { detail: parsed.error.issues[0]?.message });
    }
    const clientRequestId = `studio-${crypto.randomUUID()}`;
    // A key pasted into an env file often carries a newline, which fetch refuses in a header.
    const apiKey = options.apiKey.trim();
    if (!apiKey) {
      throw new SeedreamError("unauthorized", { detail: "No AI/ML API key is configured.", clientRequestId });
    }
    const body = requestBody(parsed.data, inputs);
    const headers = {
      Authorization: `Bearer ${apiKey}`,
      "Content-Type": "application/json",
      Accept: "application/json",
      "X-Client-Request-Id": clientRequestId,
    };
    // Each try gets a body of its own: a stream that was sent once cannot be sent again.
    const init = (): RequestInit => {
      const sent = body.open();
      if (typeof sent === "string") return { method: "POST", headers, body: sent };
      // fetch following redirects tees a streamed body to replay it, and the unread branch keeps every
      // chunk sent until the answer arrives: tens of MB per edit. A streamed body could not be sent
      // again after a redirect anyway, so the call is refused if the provider redirects it.
      const streamed = { body: sent, duplex: "half", redirect: "error" } as const;
      return { method: "POST", headers: { ...headers, "Content-Length": String(body.length) }, ...streamed } as RequestInit;
    };

    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    const deadlineAt = Date.now() + timeoutMs;
    const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;

    /** The caller's abort wins over the deadline when both have fired: they asked first or at once. */
    const interruption = (cause: unknown): SeedreamError => {
      if (signal?.aborted) return new SeedreamError("canceled", { clientRequestId, cause });
      if (deadline.signal.aborted) {
        return new SeedreamError("provider_timeout", {
          detail: `No answer within ${timeoutMs} ms.`,
          clientRequestId,
          cause,
        });
      }
      return new SeedreamError("network", { detail: describeNetworkFailure(cause), clientRequestId, cause });
    };

    const send = async (): Promise<HttpAnswer> => {
      try {
        const response = await fetchImpl(endpoint, { ...init(), signal: combined });
        return { status: response.status, headers: response.headers, text: await boundedBody(response, options.maxResponseBytes ?? RESPONSE_MAX_BYTES, clientRequestId) };
      } catch (error) {
        if (error instanceof SeedreamError) throw error;
        throw interruption(error);
      }
    };

    try {
      for (let attempt = 1; ; attempt += 1) {
        const answer = await send();
        if (answer.status >= 200 && answer.status < 300) {
          const parsedBody = readSuccess(answer, clientRequestId);
          return { ...parsedBody, requestId: clientRequestId, attempts: attempt, status: answer.status };
        }

        const failure = withCallContext(classifyHttpFailure(answer.status, answer.text, answer.headers), {
          clientRequestId,
        });
        if (!RETRYABLE_STATUSES.has(answer.status) || !failure.retryable || attempt >= maxAttempts) throw failure;
        const waitMs = Math.min(
          maxBackoffMs,
          failure.retryAfterMs ?? backoffDelayMs(attempt, backoffBaseMs, maxBackoffMs),
        );
        // Waiting only to be cut off by the deadline would hide the provider's real answer.
        if (Date.now() + waitMs >= deadlineAt) throw failure;
        try {
          await sleep(waitMs, combined);
        } catch (error) {
          throw interruption(error);
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  return { generate };
}

function readSuccess(answer: HttpAnswer, clientRequestId: string): ParsedSeedreamResponse {
  const context = {
    status: answer.status,
    requestId: answer.headers.get("x-request-id") ?? undefined,
    clientRequestId,
  };
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch (error) {
    throw new SeedreamError("bad_response", {
      ...context,
      detail: `The ${answer.status} response is not JSON: ${answer.text.trim().slice(0, 120) || "(empty body)"}`,
      cause: error,
    });
  }
  try {
    return parseSeedreamResponse(body, answer.headers);
  } catch (error) {
    if (error instanceof SeedreamError) throw withCallContext(error, context);
    throw error;
  }
}

/** Errors built without the HTTP exchange at hand get its status and ids here. */
function withCallContext(
  error: SeedreamError,
  context: { status?: number; requestId?: string; clientRequestId: string },
): SeedreamError {
  return new SeedreamError(error.code, {
    detail: error.detail,
    status: context.status ?? error.status,
    requestId: error.requestId ?? context.requestId,
    clientRequestId: context.clientRequestId,
    retryAfterMs: error.retryAfterMs,
    cause: error.cause,
  });
}

/** Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is in its cause. */
function describeNetworkFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

/**
 * The most a generation answer may weigh: every output inline as base64 at the output size bound,
 * plus room for the envelope. Anything larger is refused while it arrives instead of being held
 * whole in memory.
 */
export const RESPONSE_MAX_BYTES = Math.ceil((NUM_IMAGES_MAX * OUTPUT_MAX_BYTES * 4) / 3) + 1024 * 1024;

async function boundedBody(response: Response, maxBytes: number, clientRequestId: string): Promise<string> {
  if (!response.body) return "";
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    await response.body.cancel();
    throw tooLargeAnswer(maxBytes, clientRequestId);
  }
  const bytes = await readBounded(response.body, maxBytes, declared || undefined);
  if (!bytes) throw tooLargeAnswer(maxBytes, clientRequestId);
  return new TextDecoder().decode(bytes);
}

function tooLargeAnswer(maxBytes: number, clientRequestId: string): SeedreamError {
  return new SeedreamError("bad_response", {
    detail: `The provider's answer is larger than ${Math.max(1, Math.round(maxBytes / 1024 / 1024))} MB.`,
    clientRequestId,
  });
}
