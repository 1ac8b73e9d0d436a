import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { StoreContext } from "./context";
import type { Reader } from "./db";
import { generations, images } from "./schema";

/**
 * The one rule for which image rows can still be read (and so keep their bytes): a row is
 * readable while it is not deleted, or while a generation of the same visitor that is not
 * deleted names it as an input. Deleting an upload that a failed job used thus keeps Retry and
 * lineage working; dismissing that job lets the bytes go.
 *
 * Written against the unaliased `images` table, so it fits any query that selects from it.
 */
export function isReadable(): SQL {
  return sql`(${images.deletedAt} IS NULL OR EXISTS (
    SELECT 1 FROM ${generations} AS g, json_each(g.input_image_ids) AS input
    WHERE g.visitor_id = ${images.visitorId} AND g.deleted_at IS NULL AND input.value = ${images.id}
  ))`;
}

export async function blobKeysOf(reader: Reader, imageIds: readonly string[]): Promise<string[]> {
  if (imageIds.length === 0) return [];
  const rows = await reader
    .select({ blobKey: images.blobKey })
    .from(images)
    .where(inArray(images.id, [...new Set(imageIds)]));
  return rows.map((row) => row.blobKey);
}

/**
 * Removes the files of every given blob that no readable row uses, across all visitors (equal
 * bytes share one blob). It runs inside a write transaction so that no row can start using a
 * blob between the check and the unlink; a save that raced ahead of it rewrites its blob inside
 * its own transaction (see images.ts).
 *
 * A failure here leaves unused files behind, which costs disk space and nothing else, so it is
 * logged rather than thrown at a caller whose delete has already been committed.
 */
export async function removeUnusedBlobs(context: StoreContext, blobKeys: readonly string[]): Promise<void> {
  const unique = [...new Set(blobKeys)];
  if (unique.length === 0) return;
  try {
    await context.db.write(async (tx) => {
      for (const blobKey of unique) {
        const [user] = await tx
          .select({ id: images.id })
          .from(images)
          .where(and(eq(images.blobKey, blobKey), isReadable()))
          .limit(1);
        if (user) continue;
        // A thumbnail still being encoded would otherwise land after the unlink, orphaned.
        await context.thumbnails.settled(blobKey);
        await context.blobs.remove(blobKey);
      }
    });
  } catch (error) {
    console.error("Could not remove unused image files", error);
  }
}
