import "server-only";
import { recordId } from "@/lib/shared/records";
import { knownVisitorId } from "@/lib/server/session";
import { studio } from "@/lib/server/studio";
import type { ImageVariant } from "@/lib/server/store/types";
import { imageResponse, notFoundResponse } from "./image-response";

const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

export function imageFileName(id: string, mime: string, variant: ImageVariant): string {
  return `seedream-${id.slice(0, 8)}${variant === "thumbnail" ? "-thumbnail" : ""}.${EXTENSIONS[mime] ?? "bin"}`;
}

/** One handler for both routes: a bad id, no visitor, or someone else's image are the same 404. */
export async function serveImage(request: Request, rawId: string, variant: ImageVariant): Promise<Response> {
  const id = recordId.safeParse(rawId);
  const visitorId = await knownVisitorId();
  if (!id.success || !visitorId) return notFoundResponse();

  const { store } = await studio();
  const image = await store.images.open(visitorId, id.data, variant);
  if (!image) return notFoundResponse();
  return imageResponse(image, request, imageFileName(id.data, image.mime, variant));
}
