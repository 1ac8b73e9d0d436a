import { attempt, requestOrigin } from "@/lib/server/action";
import { visitorTopic } from "@/lib/server/events/bus";
import { jsonAnswer } from "@/lib/server/http/json-answer";
import { isSameOrigin } from "@/lib/server/http/same-origin";
import { currentVisitorId, hasSession } from "@/lib/server/session";
import { studio } from "@/lib/server/studio";
import { isUploadBodyError, readUploadForm } from "@/lib/server/uploads/read-upload-form";
import { saveUploads } from "@/lib/server/uploads/save-uploads";
import { NON_PAGE_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "@/lib/shared/security-headers";

/**
 * Uploads, as a stream: `multipart/form-data` with the images under `files`, answered with the
 * kept images as `ActionResult` JSON. The proxy skips this route (see its matcher) so that it never
 * buffers a body of up to 250 MB; the passcode gate, the same-origin check and the security headers
 * it would have applied are applied here. Files are checked by decoding, never by name or type.
 */
export async function POST(request: Request): Promise<Response> {
  if (!(await hasSession())) return secured(plain("Sign in first.", 401));
  if (!isSameOrigin(request.headers)) return secured(plain("Uploads are taken from the studio's own pages only.", 403));
  let status: number | undefined;
  const result = await attempt(async () => {
    const files = await readUploadForm(request).catch((error: unknown) => {
      if (isUploadBodyError(error)) status = error.status;
      throw error;
    });
    const [{ store, events, diskLimits }, visitorId, { clientIp }] = await Promise.all([studio(), currentVisitorId(), requestOrigin()]);
    const images = await saveUploads(store, visitorId, files, { limits: diskLimits, clientIp });
    events.publishStored(visitorTopic(visitorId), { type: "images-added", images });
    return images;
  });
  return secured(jsonAnswer(request, result, "no-store", status));
}

function plain(text: string, status: number): Response {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

function secured(response: Response): Response {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  response.headers.set("Content-Security-Policy", NON_PAGE_CONTENT_SECURITY_POLICY);
  return response;
}
