"use client";

import type { ActionResult, StudioError } from "@/lib/shared/errors";

/**
 * A read or upload route answers `ActionResult` JSON, refusals included (400, 404, 429…); anything
 * else (a proxy's error page, a 401 from the passcode gate, a dropped connection) becomes a
 * sentence here, so the page always has one to show.
 */
export async function fetchResult<T>(input: string, init?: RequestInit): Promise<ActionResult<T>> {
  let response: Response;
  try {
    response = await fetch(input, { credentials: "same-origin", ...init });
  } catch {
    return { ok: false, error: LOST_CONNECTION };
  }
  if ((response.headers.get("content-type") ?? "").startsWith("application/json")) {
    try {
      return (await response.json()) as ActionResult<T>;
    } catch {
      return { ok: false, error: LOST_CONNECTION };
    }
  }
  return { ok: false, error: response.status === 401 ? SIGNED_OUT : { ...LOST_CONNECTION, retryable: response.status >= 500 } };
}

export const LOST_CONNECTION: StudioError = {
  code: "network",
  message: "The studio server did not answer; check your connection and try again.",
  retryable: true,
};

const SIGNED_OUT: StudioError = {
  code: "invalid_input",
  message: "Your session has ended; reload the page to sign in again.",
  retryable: false,
};
