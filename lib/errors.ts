import type { z } from "zod";
import { isSeedreamError, type SeedreamErrorCode } from "@/lib/seedream/errors";

/**
 * What the studio tells people when something fails: the provider's typed errors plus the studio's
 * own. Server actions return these as values; the UI shows `message` and offers Retry when it helps.
 */
export type StudioErrorCode = SeedreamErrorCode | "invalid_input" | "internal";

export interface StudioError {
  code: StudioErrorCode;
  message: string;
  retryable: boolean;
}

export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: StudioError };

export function ok<T>(value: T): ActionResult<T> {
  return { ok: true, value };
}

export function fail<T>(error: StudioError): ActionResult<T> {
  return { ok: false, error };
}

/** The first problem is the one to fix first; a list of ten would bury it. */
export function invalidInput(error: z.ZodError): StudioError {
  const issue = error.issues[0];
  return { code: "invalid_input", message: issue?.message ?? "Those settings are not valid.", retryable: false };
}

export function toStudioError(error: unknown): StudioError {
  if (isSeedreamError(error)) return error.toJSON();
  console.error("Unexpected failure", error);
  return {
    code: "internal",
    message: "Something went wrong inside the studio; try again, and tell whoever runs it if it keeps happening.",
    retryable: true,
  };
}
