import "server-only";
import { notFoundResponse } from "@/lib/server/gallery/image-response";
import { recordId } from "@/lib/shared/records";
import { IMAGE_CONTENT_SECURITY_POLICY } from "@/lib/shared/security-headers";
import { knownVisitorId } from "@/lib/server/session";
import { studio } from "@/lib/server/studio";
import { attachment } from "./content-disposition";
import { downloadFile } from "./download-file";

/** Sent in slices as the client reads, so a slow download holds no second copy in a send buffer. */
const SLICE_BYTES = 64 * 1024;

export function piecesStream(pieces: readonly Buffer[]): ReadableStream<Uint8Array> {
  let piece = 0;
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      while (piece < pieces.length && offset >= pieces[piece]!.length) {
        piece += 1;
        offset = 0;
      }
      const current = pieces[piece];
      if (!current) {
        controller.close();
        return;
      }
      const slice = current.subarray(offset, offset + SLICE_BYTES);
      offset += slice.length;
      controller.enqueue(new Uint8Array(slice.buffer, slice.byteOffset, slice.byteLength));
    },
  });
}

/**
 * One image as a file to keep: the stored original with its prompt, seed, model, size and parents
 * written into its metadata, under the name the studio's Download button gives it. A bad id, no
 * visitor, or someone else's image are the same 404 as on the image route.
 */
export async function serveDownload(rawId: string): Promise<Response> {
  const id = recordId.safeParse(rawId);
  const visitorId = await knownVisitorId();
  if (!id.success || !visitorId) return notFoundResponse();
  const { store } = await studio();
  const file = await downloadFile(store, visitorId, id.data);
  if (!file) return notFoundResponse();
  return new Response(piecesStream(file.pieces), {
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
