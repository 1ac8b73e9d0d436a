import { attachment } from "@/lib/server/export/content-disposition";
import { exportSession } from "@/lib/server/export/session-export";
import { notFoundResponse } from "@/lib/server/gallery/image-response";
import { knownVisitorId } from "@/lib/server/session";
import { studio } from "@/lib/server/studio";

/**
 * The visitor's whole session as a zip, streamed while it is written. Without a visitor cookie
 * there is nothing to export: the same 404 as for an image that is not theirs.
 */
export async function GET() {
  const visitorId = await knownVisitorId();
  if (!visitorId) return notFoundResponse();
  const { store } = await studio();
  const result = await exportSession(store, visitorId);
  if (!result.ok) {
    return new Response(result.error.message, { status: 413, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Response(result.stream, {
    status: 200,
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": attachment(result.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
