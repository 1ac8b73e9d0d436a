import type { ImageView } from "@/lib/shared/gallery/view";

/**
 * Every output of a batch in one zip, each file as the download route serves it (with its prompt,
 * seed and parents in its metadata). The zip library is loaded only when someone asks for it.
 */
export async function downloadBatchZip(outputs: readonly ImageView[], name: string): Promise<void> {
  const { zipSync } = await import("fflate");
  const files: Record<string, Uint8Array> = {};
  for (const [index, image] of outputs.entries()) {
    const response = await fetch(`${image.url}/download`, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`Image ${index + 1} could not be downloaded.`);
    const extension = image.mime === "image/jpeg" ? "jpg" : image.mime === "image/webp" ? "webp" : "png";
    files[`${String(index + 1).padStart(2, "0")}-${image.id}.${extension}`] = new Uint8Array(await response.arrayBuffer());
  }
  // Images are already compressed: storing them is as small and much faster.
  const zip = zipSync(files, { level: 0 });
  const url = URL.createObjectURL(new Blob([zip as BlobPart], { type: "application/zip" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
