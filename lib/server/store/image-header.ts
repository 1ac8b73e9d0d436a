import "server-only";
import sharp from "sharp";
import type { ImageMime } from "@/lib/shared/records";
import { StoreError } from "./errors";
import type { ImageBytes } from "./types";

const FORMAT_OF: Record<ImageMime, string> = { "image/png": "png", "image/jpeg": "jpeg", "image/webp": "webp" };

/**
 * Reads only the header (well under a millisecond) to check that the bytes are the image the
 * caller says: a row whose size or type disagrees with its bytes would mislead the gallery and the
 * provider. Decoding every pixel is the caller's job (lib/server/engine/inspect-image.ts) before it gets here.
 */
export async function checkImageHeader(image: ImageBytes): Promise<void> {
  const metadata = await sharp(image.bytes)
    .metadata()
    .catch((error: unknown) => {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new StoreError("invalid_input", `These bytes are not a readable image (${reason}).`, { cause: error });
    });
  // As people see it, after EXIF orientation: the same convention as inspectImage.
  const width = metadata.autoOrient?.width ?? metadata.width;
  const height = metadata.autoOrient?.height ?? metadata.height;
  if (metadata.format !== FORMAT_OF[image.mime] || width !== image.width || height !== image.height) {
    throw new StoreError(
      "invalid_input",
      `The bytes are a ${metadata.format} of ${width}×${height}, not the ${image.mime} of ${image.width}×${image.height} they were declared as.`,
    );
  }
}
