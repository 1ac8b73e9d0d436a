import type { z } from "zod";
import type { SeedreamErrorCode } from "@/lib/shared/seedream/errors";

/**
 * What the studio tells people when something fails: the provider's typed errors plus the studio's
 * own. Server actions return these as values; the UI shows `message` and offers Retry when it helps.
 */
export type StudioErrorCode =
  | SeedreamErrorCode
  | "invalid_input"
  | "not_found"
  | "upload_rejected"
  | "quota_exceeded"
  | "interrupted"
  | "internal";

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

export const NOT_FOUND: StudioError = {
  code: "not_found",
  message: "That image or generation is not in your studio; it may have been deleted.",
  retryable: false,
};
