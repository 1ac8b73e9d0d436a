import "server-only";
import { THUMBNAIL_MIME } from "@/lib/server/images/thumbnail";
import type { ImageRecord } from "@/lib/server/store";
import { PUSHED_THUMBNAILS_MAX_BYTES, type PushedThumbnail } from "@/lib/shared/live-events";

/**
 * The thumbnails a finished job made in its decode check, paired with the images they belong to
 * (by output index: `made[i]` is output i's), in output order while they fit in
 * PUSHED_THUMBNAILS_MAX_BYTES. None (undefined) when nothing was made or nothing fits.
 */
export function pushedThumbnails(outputs: readonly ImageRecord[], made: readonly (Buffer | null)[]): PushedThumbnail[] | undefined {
  const pushed: PushedThumbnail[] = [];
  let bytes = 0;
  for (const output of outputs) {
    const thumbnail = output.outputIndex === null ? null : made[output.outputIndex];
    if (!thumbnail) continue;
    bytes += thumbnail.length;
    if (bytes > PUSHED_THUMBNAILS_MAX_BYTES) break;
    pushed.push({ imageId: output.id, dataUrl: `data:${THUMBNAIL_MIME};base64,${thumbnail.toString("base64")}` });
  }
  return pushed.length > 0 ? pushed : undefined;
}
