import "server-only";
import { randomBytes } from "node:crypto";
import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { BOARD_LIMITS } from "@/lib/shared/boards";
import { StoreError } from "../errors";
import { newRecordId } from "../ids";
import type { SharesPart } from "../types";
import type { StoreContext } from "./context";
import { findBoard } from "./boards";

/** 192 random bits, base64url: unguessable, and short enough to paste into a chat. */
function newShareToken(): string {
  return randomBytes(24).toString("base64url");
}

/** Read-only links: the token is the whole secret, so a link is live until its visitor revokes it. */
export function sharesPart(context: StoreContext): SharesPart {
  const { shareLinks, images } = context.tables;
  const { orm } = context.db;
  const live = isNull(shareLinks.revokedAt);

  return {
    create(visitorId, target) {
      return context.db.write(async (tx) => {
        const [held] = await tx.select({ links: count() }).from(shareLinks).where(and(eq(shareLinks.visitorId, visitorId), live));
        if (Number(held?.links ?? 0) >= BOARD_LIMITS.liveLinksPerVisitor) {
          throw new StoreError("invalid_input", `You already have ${BOARD_LIMITS.liveLinksPerVisitor} share links; revoke one to make another.`);
        }
        if (target.kind === "board") {
          if (!(await findBoard(context, tx, visitorId, target.boardId))) throw new StoreError("not_found", "That board was not found.");
        } else {
          const [image] = await tx
            .select({ id: images.id })
            .from(images)
            .where(and(eq(images.id, target.imageId), eq(images.visitorId, visitorId), isNull(images.deletedAt)));
          if (!image) throw new StoreError("not_found", "That image was not found.");
        }
        const { id, createdAt } = newRecordId();
        const [link] = await tx
          .insert(shareLinks)
          .values({
            id,
            token: newShareToken(),
            visitorId,
            kind: target.kind,
            imageId: target.kind === "board" ? null : target.imageId,
            boardId: target.kind === "board" ? target.boardId : null,
            createdAt,
            revokedAt: null,
          })
          .returning();
        return link!;
      });
    },

    list: (visitorId) =>
      orm
        .select()
        .from(shareLinks)
        .where(and(eq(shareLinks.visitorId, visitorId), live))
        .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id)),

    async revoke(visitorId, linkId) {
      const [revoked] = await context.db.write((tx) =>
        tx
          .update(shareLinks)
          .set({ revokedAt: Date.now() })
          .where(and(eq(shareLinks.id, linkId), eq(shareLinks.visitorId, visitorId), live))
          .returning(),
      );
      return revoked ?? null;
    },

    async open(token) {
      const [link] = await orm.select().from(shareLinks).where(and(eq(shareLinks.token, token), live));
      return link ?? null;
    },

    async ofBoards(boardIds) {
      if (boardIds.length === 0) return [];
      return orm
        .select()
        .from(shareLinks)
        .where(and(inArray(shareLinks.boardId, [...new Set(boardIds)]), live));
    },
  };
}
