import "server-only";
import { NOT_FOUND, type StudioError } from "@/lib/shared/errors";
import { isQuotaError } from "@/lib/server/quotas/quota-error";
import { isSeedreamError } from "@/lib/server/seedream/seedream-error";
import { isStoreError } from "@/lib/server/store/errors";
import { isUploadBodyError } from "@/lib/server/uploads/read-upload-form";
import { isUploadError } from "@/lib/server/uploads/upload-errors";

/** Every typed failure the server knows, as the one sentence a person sees; anything else is a bug, logged. */
export function toStudioError(error: unknown): StudioError {
  if (isSeedreamError(error)) return error.toJSON();
  if (isUploadBodyError(error)) return { code: "invalid_input", message: error.message, retryable: false };
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
