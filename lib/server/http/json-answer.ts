import "server-only";
import { createHash } from "node:crypto";
import type { ActionResult, StudioErrorCode } from "@/lib/shared/errors";

/**
 * How a route answers: the same `ActionResult` JSON the actions return, with the HTTP status that
 * says the same thing to caches, proxies and logs.
 */
const STATUS: Partial<Record<StudioErrorCode, number>> = {
  invalid_input: 400,
  upload_rejected: 400,
  not_found: 404,
  quota_exceeded: 429,
  internal: 500,
};

/**
 * - "no-store": answers that change by the second (job status, spend) are never kept.
 * - "revalidate": kept, but asked again every time; a strong ETag over the body lets an unchanged
 *   gallery page or lineage answer 304 with no body.
 */
export type CachePolicy = "no-store" | "revalidate";

const CACHE_CONTROL: Record<CachePolicy, string> = {
  "no-store": "private, no-store",
  revalidate: "private, no-cache",
};

/** `status` overrides the one the error's code implies (a body too large to read is a 413). */
export function jsonAnswer<T>(request: Request, result: ActionResult<T>, cache: CachePolicy, status?: number): Response {
  const body = JSON.stringify(result);
  const headers = new Headers({ "Content-Type": "application/json; charset=utf-8" });
  if (!result.ok) {
    // A refusal is about this one request; keeping it would only serve it again by mistake.
    headers.set("Cache-Control", CACHE_CONTROL["no-store"]);
    return new Response(body, { status: status ?? STATUS[result.error.code] ?? 502, headers });
  }
  headers.set("Cache-Control", CACHE_CONTROL[cache]);
  if (cache === "revalidate") {
    const etag = strongEtag(body);
    headers.set("ETag", etag);
    if (matchesEtag(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, headers });
}

function strongEtag(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url")}"`;
}

/** `If-None-Match` may list several tags, or `*`; weak ones (W/) never match a strong tag here. */
function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((candidate) => {
    const tag = candidate.trim();
    return tag === "*" || tag === etag;
  });
}
