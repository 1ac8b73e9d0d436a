import "server-only";
import { imageFileName } from "@/lib/server/gallery/serve-image";
import { imageResponse, notFoundResponse, SHARED_IMAGE_CACHE } from "@/lib/server/gallery/image-response";
import type { ImageVariant } from "@/lib/server/store";
import { studio } from "@/lib/server/studio";
import { mayReadShares } from "./access";
import { openSharedImage } from "./read-share";

/**
 * An image through a share link: 404 unless the link is live and shows it, the same 404 for a
 * wrong token, a revoked link and an image outside the link. Never cached, so revocation bites at once.
 */
export async function serveSharedImage(request: Request, params: Promise<{ token: string; id: string }>, variant: ImageVariant): Promise<Response> {
  const { token, id } = await params;
  if (!(await mayReadShares())) return notFoundResponse();
  const { store } = await studio();
  const image = await openSharedImage(store, token, id, variant);
  if (!image) return notFoundResponse();
  return imageResponse(image, request, imageFileName(id, image.mime, variant), SHARED_IMAGE_CACHE);
}
