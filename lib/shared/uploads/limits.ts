import { INPUT_IMAGES_MAX } from "@/lib/shared/seedream/limits";

/**
 * What the studio accepts from a person, before normalising. These are looser than the provider's
 * input rules (lib/shared/seedream/limits.ts) on purpose: a 20 MB phone photo is fine to receive, because
 * normalizeUpload brings it within the provider's 10 MB and 6000 px.
 */
export const UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

/**
 * Decompression bombs: a few kilobytes of PNG can claim 20000 × 20000 pixels. 40 MP sits above
 * any phone photo and the provider's own 6000 × 6000 (36 MP), and is handed to sharp as
 * limitInputPixels so it refuses such files from the header, before allocating anything.
 */
export const UPLOAD_MAX_PIXELS = 40_000_000;

/** The edit model's `image_urls` takes at most this many (maxItems in the OpenAPI file). */
export const UPLOAD_MAX_FILES = INPUT_IMAGES_MAX;
