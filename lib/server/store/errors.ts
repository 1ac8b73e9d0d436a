import "server-only";
/**
 * Failures the store reports to its callers. These are for code, not people: the jobs layer and
 * the actions turn them into the sentences in lib/server/action.ts.
 * - not_found: the id is missing, deleted, or belongs to another visitor (never told apart).
 * - invalid_input: the caller passed something the store cannot keep (bytes that are not an image,
 *   an empty list of outputs, a malformed cursor or parameters).
 * - write_failed: the disk refused (full, read-only, permissions).
 */
export type StoreErrorCode = "not_found" | "invalid_input" | "write_failed";

export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
    this.code = code;
  }
}

/**
 * By name, not class identity: Next bundles a module more than once (instrumentation, routes,
 * actions), and an error thrown by one copy must still be recognised by another.
 */
export function isStoreError(error: unknown): error is StoreError {
  return error instanceof Error && error.name === "StoreError" && "code" in error;
}
