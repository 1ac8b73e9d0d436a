import "server-only";
import { and, asc, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { BOARD_LIMITS } from "@/lib/shared/boards";
import { StoreError } from "../errors";
import { newRecordId } from "../ids";
import type { BoardRecord, BoardsPart, FavouritesPart } from "../types";
import type { Reader, StoreContext, Tx } from "./context";
import { recordVisitor } from "./visitors";

/** A visitor's boards: named collections of their images, one of which may catch every new result. */
export function boardsPart(context: StoreContext): BoardsPart {
  const { boards, boardImages, images, generations, shareLinks } = context.tables;
  const { orm } = context.db;

  return {
    async list(visitorId) {
      const rows = await orm.select().from(boards).where(eq(boards.visitorId, visitorId)).orderBy(asc(boards.createdAt), asc(boards.id));
      if (rows.length === 0) return [];
      const counts = await orm
        .select({ boardId: boardImages.boardId, images: count() })
        .from(boardImages)
        .innerJoin(images, eq(images.id, boardImages.imageId))
        .where(and(inArray(boardImages.boardId, rows.map((row) => row.id)), isNull(images.deletedAt)))
        .groupBy(boardImages.boardId);
      const countOf = new Map(counts.map((row) => [row.boardId, Number(row.images)]));
      return rows.map((row) => ({ ...row, imageCount: countOf.get(row.id) ?? 0 }));
    },

    get: (visitorId, boardId) => findBoard(context, orm, visitorId, boardId),

    async holds(visitorId, boardId, imageId) {
      const [row] = await orm
        .select({ imageId: boardImages.imageId })
        .from(boardImages)
        .innerJoin(boards, eq(boards.id, boardImages.boardId))
        .innerJoin(images, eq(images.id, boardImages.imageId))
        .where(
          and(
            eq(boardImages.boardId, boardId),
            eq(boardImages.imageId, imageId),
            eq(boards.visitorId, visitorId),
            isNull(images.deletedAt),
          ),
        );
      return row !== undefined;
    },

    create(visitorId, name) {
      return context.db.write(async (tx) => {
        await recordVisitor(context, tx, visitorId);
        const [held] = await tx.select({ boards: count() }).from(boards).where(eq(boards.visitorId, visitorId));
        if (Number(held?.boards ?? 0) >= BOARD_LIMITS.boardsPerVisitor) {
          throw new StoreError("invalid_input", `You already have ${BOARD_LIMITS.boardsPerVisitor} boards; delete one to make another.`);
        }
        await refuseTakenName(context, tx, visitorId, name);
        const { id, createdAt } = newRecordId();
        const [board] = await tx.insert(boards).values({ id, visitorId, name, autoAdd: false, createdAt }).returning();
        return board!;
      });
    },

    rename(visitorId, boardId, name) {
      return context.db.write(async (tx) => {
        const board = await findBoard(context, tx, visitorId, boardId);
        if (!board) return null;
        if (board.name === name) return board;
        await refuseTakenName(context, tx, visitorId, name);
        const [renamed] = await tx.update(boards).set({ name }).where(eq(boards.id, boardId)).returning();
        return renamed ?? null;
      });
    },

    delete(visitorId, boardId) {
      return context.db.write(async (tx) => {
        if (!(await findBoard(context, tx, visitorId, boardId))) return false;
        // A deleted board's links answer 404 like revoked ones; its images stay in the gallery.
        await tx.delete(shareLinks).where(eq(shareLinks.boardId, boardId));
        await tx.delete(boardImages).where(eq(boardImages.boardId, boardId));
        await tx.delete(boards).where(eq(boards.id, boardId));
        return true;
      });
    },

    setAutoAdd(visitorId, boardId) {
      return context.db.write(async (tx) => {
        if (boardId !== null && !(await findBoard(context, tx, visitorId, boardId))) return false;
        await tx.update(boards).set({ autoAdd: false }).where(and(eq(boards.visitorId, visitorId), eq(boards.autoAdd, true)));
        if (boardId !== null) await tx.update(boards).set({ autoAdd: true }).where(eq(boards.id, boardId));
        return true;
      });
    },

    addImages(visitorId, boardId, imageIds) {
      return context.db.write(async (tx) => {
        if (!(await findBoard(context, tx, visitorId, boardId))) return false;
        const wanted = [...new Set(imageIds)];
        await requireLiveImages(context, tx, visitorId, wanted);
        const addedAt = Date.now();
        if (wanted.length > 0) {
          await tx
            .insert(boardImages)
            .values(wanted.map((imageId) => ({ boardId, imageId, addedAt })))
            .onConflictDoNothing();
        }
        return true;
      });
    },

    removeImages(visitorId, boardId, imageIds) {
      return context.db.write(async (tx) => {
        if (!(await findBoard(context, tx, visitorId, boardId))) return false;
        if (imageIds.length > 0) {
          await tx.delete(boardImages).where(and(eq(boardImages.boardId, boardId), inArray(boardImages.imageId, [...new Set(imageIds)])));
        }
        return true;
      });
    },

    async ofImages(visitorId, imageIds) {
      const result = new Map<string, string[]>();
      if (imageIds.length === 0) return result;
      const rows = await orm
        .select({ imageId: boardImages.imageId, boardId: boardImages.boardId })
        .from(boardImages)
        .innerJoin(boards, eq(boards.id, boardImages.boardId))
        .where(and(inArray(boardImages.imageId, [...new Set(imageIds)]), eq(boards.visitorId, visitorId)))
        .orderBy(asc(boards.createdAt));
      for (const row of rows) result.set(row.imageId, [...(result.get(row.imageId) ?? []), row.boardId]);
      return result;
    },

    async contents(visitorId, boardId, limit) {
      const board = await findBoard(context, orm, visitorId, boardId);
      if (!board) return null;
      const rows = await orm
        .select({ image: images })
        .from(boardImages)
        .innerJoin(images, eq(images.id, boardImages.imageId))
        .where(and(eq(boardImages.boardId, boardId), isNull(images.deletedAt)))
        .orderBy(desc(boardImages.addedAt), desc(boardImages.imageId))
        .limit(limit);
      const boardImagesFound = rows.map((row) => row.image);
      const generationIds = [...new Set(boardImagesFound.flatMap((image) => (image.generationId ? [image.generationId] : [])))];
      const made = generationIds.length > 0 ? await orm.select().from(generations).where(inArray(generations.id, generationIds)) : [];
      return { board, images: boardImagesFound, generations: made };
    },
  };
}

/** Starred images: a row per image, which belongs to one visitor. */
export function favouritesPart(context: StoreContext): FavouritesPart {
  const { favourites } = context.tables;
  return {
    set(visitorId, imageId, favourite) {
      return context.db.write(async (tx) => {
        const live = await liveImageIds(context, tx, visitorId, [imageId]);
        if (live.length === 0) return false;
        if (!favourite) await tx.delete(favourites).where(eq(favourites.imageId, imageId));
        else await tx.insert(favourites).values({ imageId, visitorId, createdAt: Date.now() }).onConflictDoNothing();
        return true;
      });
    },

    async among(visitorId, imageIds) {
      if (imageIds.length === 0) return new Set();
      const rows = await context.db.orm
        .select({ imageId: favourites.imageId })
        .from(favourites)
        .where(and(eq(favourites.visitorId, visitorId), inArray(favourites.imageId, [...new Set(imageIds)])));
      return new Set(rows.map((row) => row.imageId));
    },
  };
}

export async function findBoard(context: StoreContext, reader: Reader, visitorId: string, boardId: string): Promise<BoardRecord | null> {
  const { boards } = context.tables;
  const [board] = await reader.select().from(boards).where(and(eq(boards.id, boardId), eq(boards.visitorId, visitorId)));
  return board ?? null;
}

async function refuseTakenName(context: StoreContext, tx: Tx, visitorId: string, name: string): Promise<void> {
  const { boards } = context.tables;
  const [taken] = await tx.select({ id: boards.id }).from(boards).where(and(eq(boards.visitorId, visitorId), eq(boards.name, name)));
  if (taken) throw new StoreError("invalid_input", `You already have a board called “${name}”.`);
}

async function liveImageIds(context: StoreContext, reader: Reader, visitorId: string, imageIds: readonly string[]): Promise<string[]> {
  if (imageIds.length === 0) return [];
  const { images } = context.tables;
  const rows = await reader
    .select({ id: images.id })
    .from(images)
    .where(and(inArray(images.id, [...imageIds]), eq(images.visitorId, visitorId), isNull(images.deletedAt)));
  return rows.map((row) => row.id);
}

async function requireLiveImages(context: StoreContext, reader: Reader, visitorId: string, imageIds: readonly string[]): Promise<void> {
  const live = await liveImageIds(context, reader, visitorId, imageIds);
  if (live.length !== imageIds.length) throw new StoreError("not_found", "An image was not found.");
}

/** Inside a job's completion: its outputs land on the visitor's auto-add board, if there is one. */
export async function addToAutoAddBoard(context: StoreContext, tx: Tx, visitorId: string, imageIds: readonly string[]): Promise<void> {
  const { boards, boardImages } = context.tables;
  if (imageIds.length === 0) return;
  const [board] = await tx.select({ id: boards.id }).from(boards).where(and(eq(boards.visitorId, visitorId), eq(boards.autoAdd, true)));
  if (!board) return;
  const addedAt = Date.now();
  await tx
    .insert(boardImages)
    .values(imageIds.map((imageId) => ({ boardId: board.id, imageId, addedAt })))
    .onConflictDoNothing();
}


