import "server-only";
import { toImageView, type ImageView } from "@/lib/shared/gallery/view";
import type { Store } from "@/lib/server/store";
import { UPLOAD_MAX_BYTES } from "@/lib/shared/uploads/limits";
import { checkUploadCount, normalizeUpload } from "@/lib/server/uploads/normalize-upload";
import { fileRejection } from "@/lib/server/uploads/upload-errors";

/**
 * Keeps a visitor's files, all or none: when one is refused, the ones already kept are taken back,
 * so a refused batch leaves nothing behind in the gallery. Files are read one at a time, since a
 * decoded 24 MP photo holds ~100 MB and ten at once would hold a gigabyte.
 */
export async function saveUploads(store: Store, visitorId: string, files: readonly File[]): Promise<ImageView[]> {
  checkUploadCount(files.length);
  await store.visitors.ensure(visitorId);
  const saved: ImageView[] = [];
  try {
    for (const file of files) {
      if (file.size > UPLOAD_MAX_BYTES) throw fileRejection("too_large", file.name);
      const upload = await normalizeUpload({ bytes: Buffer.from(await file.arrayBuffer()), fileName: file.name });
      saved.push(toImageView(await store.images.save({ visitorId, origin: "upload", ...upload })));
    }
    return saved;
  } catch (error) {
    for (const image of saved) await store.images.delete(visitorId, image.id);
    throw error;
  }
}
