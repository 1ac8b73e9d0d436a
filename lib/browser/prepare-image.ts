import { createAllowance } from "@/lib/shared/allowance";
import { fileNameFor, HEADER_BYTES, planPreparation, readImageHeader } from "./prepare-image-plan";
import { prepareBytes } from "./prepare-image-steps";
import { prepareInWorker } from "./prepare-image-worker-client";

export { startPreparationWorker } from "./prepare-image-worker-client";

/**
 * Makes a picture ready to upload, in the browser: a 24 MP phone photo leaves as a 3000 px JPEG
 * instead of megabytes of pixels the provider would never use. The work runs in a Worker where the
 * browser has one that can draw (OffscreenCanvas), else on the page. Browser only.
 *
 * Anything the browser cannot decode or encode goes up unchanged: the server's decoder has the
 * last word, and its sentence explains a refusal. So this never throws.
 */
export async function prepareImage(file: File, options: { onPreview?: (preview: Blob) => void } = {}): Promise<File> {
  let previewed = false;
  const onPreview = (preview: Blob) => {
    previewed = true;
    options.onPreview?.(preview);
  };
  let prepared: Blob | null = null;
  try {
    prepared = await decodeSlots.run(1, () => prepare(file, onPreview));
  } catch {
    prepared = null;
  }
  // A file that goes up as it is is its own preview.
  if (!previewed) onPreview(file);
  return prepared ? new File([prepared], fileNameFor(file.name, prepared.type), { type: prepared.type, lastModified: file.lastModified }) : file;
}

async function prepare(file: File, onPreview: (preview: Blob) => void): Promise<Blob | null> {
  const header = readImageHeader(new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer()));
  // Most files need nothing: decided here from the header, without waking the worker.
  if (header && planPreparation(header, file.size).kind === "keep") return null;
  const inWorker = await prepareInWorker(file, header, onPreview);
  return inWorker.ran ? inWorker.prepared : prepareBytes(file, header, onPreview);
}

/**
 * A decoded 24 MP photo holds about 100 MB; ten dropped at once would hold a gigabyte. Two at a
 * time keeps two cores busy without that.
 */
const decodeSlots = createAllowance(2);

