import { attachment } from "@/lib/server/export/content-disposition";
import { downloadFile } from "@/lib/server/export/download-file";
import { notFoundResponse } from "@/lib/server/gallery/image-response";
import { knownVisitorId } from "@/lib/server/session";
import { studio } from "@/lib/server/studio";
import { recordId } from "@/lib/shared/records";
import { IMAGE_CONTENT_SECURITY_POLICY } from "@/lib/shared/security-headers";

/**
 * One image as a file to keep: the stored original with its prompt, seed, model, size and parents
 * written into its metadata, under the name the studio's Download button gives it. A bad id, no
 * visitor, or someone else's image are the same 404 as on the image route.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const id = recordId.safeParse((await params).id);
  const visitorId = await knownVisitorId();
  if (!id.success || !visitorId) return notFoundResponse();
  const { store } = await studio();
  const file = await downloadFile(store, visitorId, id.data);
  if (!file) return notFoundResponse();
  return new Response(file.stream(), {
    status: 200,
    headers: {
      "Content-Type": file.mime,
      "Content-Length": String(file.size),
      "Content-Disposition": attachment(file.name),
      // Derived per request and rarely fetched twice; not worth a cache entry.
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": IMAGE_CONTENT_SECURITY_POLICY,
    },
  });
}
