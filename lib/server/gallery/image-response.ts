import "server-only";
import { Readable } from "node:stream";
import { IMAGE_CONTENT_SECURITY_POLICY } from "@/lib/shared/security-headers";
import type { OpenedImage } from "@/lib/server/store/types";

const OWN_IMAGE_CACHE = "private, max-age=31536000, immutable";

/**
 * A share link's images are kept by nobody: a revoked link must stop showing them at once, which
 * no year-long cache would allow.
 */
export const SHARED_IMAGE_CACHE = "no-store";

/**
 * The bytes behind an image id never change, so the browser may keep them for a year; `private`
 * because they belong to one visitor and no shared cache should hold them.
 */
export function imageResponse(image: OpenedImage, request: Request, fileName: string, cacheControl = OWN_IMAGE_CACHE): Response {
  const headers = new Headers({
    "Content-Type": image.mime,
    "Cache-Control": cacheControl,
    ETag: image.etag,
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": `inline; filename="${fileName}"`,
    // Only PNG, JPEG and WebP are ever stored; should anything else slip in, opened on its own it can run nothing.
    "Content-Security-Policy": IMAGE_CONTENT_SECURITY_POLICY,
  });
  if (request.headers.get("if-none-match") === image.etag) {
    image.stream.destroy();
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Length", String(image.size));
  return new Response(Readable.toWeb(image.stream) as ReadableStream<Uint8Array>, { status: 200, headers });
}

export function notFoundResponse(): Response {
  return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
