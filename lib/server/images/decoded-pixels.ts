import "server-only";
import { createAllowance } from "@/lib/shared/allowance";

/**
 * Bytes of decoded pixels the process holds at once while checking images and making their
 * thumbnails: two of the largest outputs (4096² RGBA, 64 MB each). More at once would not finish
 * sooner on a few cores; it would only raise the peak memory under many concurrent jobs.
 */
export const DECODED_PIXELS_MAX_BYTES = 2 * 4096 * 4096 * 4;

export const decodedPixels = createAllowance(DECODED_PIXELS_MAX_BYTES);
