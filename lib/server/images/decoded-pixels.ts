import "server-only";
import sharp from "sharp";
import { createAllowance } from "@/lib/shared/allowance";

/**
 * Bytes of decoded pixels the process holds at once while checking images and making their
 * thumbnails: two of the largest outputs (4096² RGBA, 64 MB each). More at once would not finish
 * sooner on a few cores; it would only raise the peak memory under many concurrent jobs.
 */
export const DECODED_PIXELS_MAX_BYTES = 2 * 4096 * 4096 * 4;

export const decodedPixels = createAllowance(DECODED_PIXELS_MAX_BYTES);

// libvips keeps the results of recent operations (up to 50 MB) in case the same one is asked for
// again. The studio decodes each image once, so that memory would only raise its peak under load.
sharp.cache(false);
