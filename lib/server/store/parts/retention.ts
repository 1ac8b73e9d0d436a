import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Reader, StoreContext } from "./context";

/**
 * The one rule for which image rows can still be read (and so keep their bytes): a row is
 * readable while it is not deleted, or while a generation of the same visitor that is not
 * deleted names it as an input. Deleting an upload that a failed job used thus keeps Retry and
 * lineage working; dismissing that job lets the bytes go. Each engine writes it in its own SQL.
 */
export function isReadable(context: StoreContext) {
  return context.dialect.isReadable(context.tables);
}

export async function blobKeysOf(context: StoreContext, reader: Reader, imageIds: readonly string[]): Promise<string[]> {
  if (imageIds.length === 0) return [];
  const { images } = context.tables;
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
    const { images } = context.tables;
    await context.db.write(async (tx) => {
      for (const blobKey of unique) {
        await context.dialect.lockBlob(tx, blobKey);
        const [user] = await tx
          .select({ id: images.id })
          .from(images)
          .where(and(eq(images.blobKey, blobKey), isReadable(context)))
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
