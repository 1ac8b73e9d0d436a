import type { z } from "zod";
import { isQuotaError } from "@/lib/quotas/quota-error";
import { isSeedreamError, type SeedreamErrorCode } from "@/lib/seedream/errors";
import { isStoreError } from "@/lib/store/errors";
import { isUploadError } from "@/lib/uploads/upload-errors";

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

export function toStudioError(error: unknown): StudioError {
  if (isSeedreamError(error)) return error.toJSON();
  if (isUploadError(error)) return { code: "upload_rejected", message: error.message, retryable: false };
  // The sentence says when to come back; pressing Retry before then would only be refused again.
  if (isQuotaError(error)) return { code: "quota_exceeded", message: error.message, retryable: false };
  if (isStoreError(error) && error.code === "not_found") return NOT_FOUND;
  // The store words these for people (a gallery link that is not valid): the request's fault, not ours.
  if (isStoreError(error) && error.code === "invalid_input") {
    return { code: "invalid_input", message: error.message, retryable: false };
  }
  if (isStoreError(error) && error.code === "write_failed") {
    console.error("Store write failed", error);
    return {
      code: "internal",
      message: "The studio could not save to its disk; nothing already stored was lost. Try again shortly.",
      retryable: true,
    };
  }
  console.error("Unexpected failure", error);
  return {
    code: "internal",
    message: "Something went wrong inside the studio; try again, and tell whoever runs it if it keeps happening.",
    retryable: true,
  };
}

/** Runs one server-side step and turns its failure into the value an action returns. */
export async function attempt<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return ok(await work());
  } catch (error) {
    return fail(toStudioError(error));
  }
}
