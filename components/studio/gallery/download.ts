import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import { downloadFileName } from "@/lib/shared/gallery/download-name";

export { downloadFileName };

/**
 * Saves the original, with its prompt, seed and parents written into its metadata by the download
 * route, under `downloadFileName`. The route names the file in its Content-Disposition header
 * too, with the server's calendar day; browsers prefer that name over the `download` attribute,
 * so the bytes are handed over through a blob URL to keep the person's own day in the name. If
 * fetching fails, the plain link lets the browser's own downloads list report the problem.
 */
export function downloadImage(image: ImageView, generation: GenerationView | null): void {
  void saveAs(`${image.url}/download`, downloadFileName(image, generation));
}

async function saveAs(url: string, name: string): Promise<void> {
  const response = await fetch(url, { credentials: "same-origin" }).catch(() => null);
  if (!response?.ok) {
    clickDownloadLink(url, name);
    return;
  }
  const blobUrl = URL.createObjectURL(await response.blob());
  clickDownloadLink(blobUrl, name);
  // Revoking at once can cut the download short in some browsers.
  setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
}

function clickDownloadLink(href: string, name: string): void {
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  link.rel = "noopener";
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
