import "server-only";
import type { ImageMime } from "@/lib/shared/records";
import type { GenerationRecord, ImageRecord } from "@/lib/server/store/types";
import { jpegXmpPieces } from "./jpeg";
import { pngTextPieces, type PngText } from "./png";
import { parametersText, xmpPacket, type Provenance } from "./provenance";
import { webpXmpPieces } from "./webp";
import type { ByteSource } from "./byte-source";
import type { FilePiece } from "./splice";

export { parametersText, xmpPacket, STUDIO_XMP_NAMESPACE, type Provenance } from "./provenance";

/** The PNG keyword XMP lives under (XMP spec part 3, §1.1.5). */
const PNG_XMP_KEYWORD = "XML:com.adobe.xmp";
/** The keyword A1111 writes its generation settings under, which other SD tools read too. */
const PNG_PARAMETERS_KEYWORD = "parameters";
/** File systems stop at 255 bytes; a longer stored name is noise, and XMP in JPEG has 64 kB in all. */
const FILE_NAME_MAX_CHARS = 1024;

/**
 * What an image's file should say about it: an output its prompt, model, seed and inputs (even
 * when its generation was dismissed: the record stays for lineage); an upload its own name.
 */
export function provenanceOf(image: ImageRecord, generation: GenerationRecord | null): Provenance {
  const made = image.origin === "output" ? generation : null;
  return {
    imageId: image.id,
    origin: image.origin,
    prompt: made?.prompt ?? null,
    model: made?.model ?? null,
    generationId: image.generationId,
    seed: image.seed ?? made?.seed ?? null,
    width: image.width,
    height: image.height,
    parents: made?.inputImageIds ?? [],
    fileName: image.origin === "upload" && image.fileName ? image.fileName.slice(0, FILE_NAME_MAX_CHARS) : null,
  };
}

/**
 * The stored original with its provenance added as metadata, as pieces to send one after another:
 * new bytes between ranges of the original, whose compressed pixels are never touched nor held whole.
 */
export async function provenancePieces(original: ByteSource, mime: ImageMime, provenance: Provenance): Promise<FilePiece[]> {
  const xmp = xmpPacket(provenance);
  switch (mime) {
    case "image/png":
      return pngTextPieces(original, [...pngText(provenance), { keyword: PNG_XMP_KEYWORD, text: xmp, international: true }]);
    case "image/jpeg":
      return jpegXmpPieces(original, xmp);
    case "image/webp":
      return webpXmpPieces(original, xmp);
  }
}

/** "Title" is the PNG spec's own keyword for a short title, which is what an upload's name is. */
function pngText(provenance: Provenance): PngText[] {
  if (provenance.origin === "output") return [{ keyword: PNG_PARAMETERS_KEYWORD, text: parametersText(provenance) }];
  return provenance.fileName ? [{ keyword: "Title", text: provenance.fileName }] : [];
}
