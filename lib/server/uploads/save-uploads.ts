import "server-only";
import { toImageView, type ImageView } from "@/lib/shared/gallery/view";
import type { Store } from "@/lib/server/store";
import { checkUploadCount, normalizeUpload } from "@/lib/server/uploads/normalize-upload";
import type { ReceivedFile } from "@/lib/server/uploads/read-upload-form";
import { checkUploadAllowance, NO_DISK_LIMITS, type DiskLimits } from "./disk-allowance";

/**
 * Keeps a visitor's files, all or none: when one is refused, the ones already kept are taken back,
 * so a refused batch leaves nothing behind in the gallery. Files are decoded one at a time, since a
 * decoded 24 MP photo holds ~100 MB and ten at once would hold a gigabyte. (normalizeUpload refuses
 * a file over the size limit itself, for callers that did not read it through readUploadForm.)
 */
export async function saveUploads(
  store: Store,
  visitorId: string,
  files: readonly ReceivedFile[],
  allowance: { limits: DiskLimits; clientIp?: string } = { limits: NO_DISK_LIMITS },
): Promise<ImageView[]> {
  checkUploadCount(files.length);
  const incoming = files.reduce((sum, file) => sum + file.bytes.length, 0);
  await checkUploadAllowance(store, allowance.limits, { visitorId, clientIp: allowance.clientIp }, incoming);
  // Each save records the visitor in its own transaction: no write of its own before them.
  const saved: ImageView[] = [];
  try {
    for (const file of files) {
      const upload = await normalizeUpload({ bytes: file.bytes, fileName: file.name });
      saved.push(toImageView(await store.images.save({ visitorId, origin: "upload", clientIp: allowance.clientIp, ...upload })));
    }
    return saved;
  } catch (error) {
    for (const image of saved) await store.images.delete(visitorId, image.id);
    throw error;
  }
}
