import "server-only";
import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { DiskPart } from "../types";
import type { StoreContext } from "./context";
import { isReadable, removeUnusedBlobs } from "./retention";

export function diskPart(context: StoreContext): DiskPart {
  const { images, generations, visitors, boards, boardImages, favourites, shareLinks } = context.tables;
  const reader = context.db.orm;
  return {
    async uploadBytesSince(since, who) {
      const sum = sql<number>`coalesce(sum(${images.bytes}), 0)`.mapWith(Number);
      const uploadsSince = and(eq(images.origin, "upload"), gt(images.createdAt, since));
      const [visitor] = await reader.select({ bytes: sum }).from(images).where(and(uploadsSince, eq(images.visitorId, who.visitorId)));
      const [network] = who.clientIp
        ? await reader.select({ bytes: sum }).from(images).where(and(uploadsSince, eq(images.clientIp, who.clientIp)))
        : [{ bytes: 0 }];
      return { visitor: visitor?.bytes ?? 0, clientIp: network?.bytes ?? 0 };
    },

    async storedBytes() {
      const perBlob = reader
        .select({ bytes: sql<number>`max(${images.bytes})`.as("bytes") })
        .from(images)
        .where(isReadable(context))
        .groupBy(images.blobKey)
        .as("per_blob");
      const [row] = await reader.select({ bytes: sql<number>`coalesce(sum(${perBlob.bytes}), 0)`.mapWith(Number) }).from(perBlob);
      return row?.bytes ?? 0;
    },

    /**
     * Retention: every visitor last seen before `cutoff` goes, with their generations, images and
     * (unless another visitor's row shares them) image files, a hundred visitors per write.
     */
    async pruneVisitorsNotSeenSince(cutoff) {
      const batch = 100;
      let removed = 0;
      for (;;) {
        const result = await context.db.write(async (tx) => {
          const gone = await tx.select({ id: visitors.id }).from(visitors).where(lt(visitors.lastSeenAt, cutoff)).limit(batch);
          const ids = gone.map((visitor) => visitor.id);
          if (ids.length === 0) return { ids, blobKeys: [] as string[] };
          // What names their images and boards goes first, so no row is left pointing at a removed one.
          const theirBoards = tx.select({ id: boards.id }).from(boards).where(inArray(boards.visitorId, ids));
          await tx.delete(shareLinks).where(inArray(shareLinks.visitorId, ids));
          await tx.delete(boardImages).where(inArray(boardImages.boardId, theirBoards));
          await tx.delete(favourites).where(inArray(favourites.visitorId, ids));
          await tx.delete(boards).where(inArray(boards.visitorId, ids));
          const files = await tx.delete(images).where(inArray(images.visitorId, ids)).returning({ blobKey: images.blobKey });
          // Retries and replays point at earlier jobs of the same visitor: cleared first, then all go at once.
          await tx.update(generations).set({ retryOf: null, replayOf: null }).where(inArray(generations.visitorId, ids));
          await tx.delete(generations).where(inArray(generations.visitorId, ids));
          await tx.delete(visitors).where(inArray(visitors.id, ids));
          return { ids, blobKeys: files.map((file) => file.blobKey) };
        });
        removed += result.ids.length;
        if (result.ids.length > 0) await removeUnusedBlobs(context, result.blobKeys);
        if (result.ids.length < batch) return removed;
      }
    },
  };
}
