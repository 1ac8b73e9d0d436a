import "server-only";
import { and, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { GalleryFilter, ImageRecord } from "../types";
import type { StoreContext } from "./context";

/**
 * The gallery's filters as SQL over its two walks (generations, uploads). Each condition rides on
 * the walk's own index (visitor, created_at, id), newest first, so a filtered page costs a probe per
 * card skipped, and a page of 10,000 images stays one bounded query.
 */
export function generationConditions(context: StoreContext, filter: GalleryFilter): SQL[] {
  const { generations, images, favourites, boardImages } = context.tables;
  const conditions: SQL[] = [...(filter.words ?? []).map((word) => context.dialect.containsText(generations.prompt, word))];
  if (filter.models) conditions.push(inArray(generations.model, [...filter.models]));
  conditions.push(...timeRange(generations.createdAt, filter));
  if (filter.favourites) {
    conditions.push(sql`EXISTS (SELECT 1 FROM ${images} AS fi WHERE fi.generation_id = ${generations.id} AND fi.deleted_at IS NULL
      AND EXISTS (SELECT 1 FROM ${favourites} AS ff WHERE ff.image_id = fi.id))`);
  }
  if (filter.boardId) {
    // Nested, not a join: as a join SQLite walks the whole board for every card it checks (186 ms
    // at 10,000 images, `npm run bench -- P7`); nested, it looks up the card's few outputs by key.
    conditions.push(sql`EXISTS (SELECT 1 FROM ${images} AS bi WHERE bi.generation_id = ${generations.id} AND bi.deleted_at IS NULL
      AND EXISTS (SELECT 1 FROM ${boardImages} AS bb WHERE bb.board_id = ${filter.boardId} AND bb.image_id = bi.id))`);
  }
  return conditions;
}

/** Null when no upload can match (a model asked for: uploads have none). */
export function uploadConditions(context: StoreContext, filter: GalleryFilter): SQL[] | null {
  if (filter.models) return null;
  const { images, favourites, boardImages } = context.tables;
  const name = sql`coalesce(${images.fileName}, '')`;
  const conditions: SQL[] = [...(filter.words ?? []).map((word) => context.dialect.containsText(name, word))];
  conditions.push(...timeRange(images.createdAt, filter));
  if (filter.favourites) conditions.push(sql`EXISTS (SELECT 1 FROM ${favourites} AS ff WHERE ff.image_id = ${images.id})`);
  if (filter.boardId) {
    conditions.push(sql`EXISTS (SELECT 1 FROM ${boardImages} AS bb WHERE bb.image_id = ${images.id} AND bb.board_id = ${filter.boardId})`);
  }
  return conditions;
}

function timeRange(column: Parameters<typeof gte>[0], filter: GalleryFilter): SQL[] {
  return [
    ...(filter.since !== undefined ? [gte(column, filter.since)] : []),
    ...(filter.before !== undefined ? [lt(column, filter.before)] : []),
  ];
}

/**
 * With favourites or a board asked for, a card shows only its outputs that are starred or on the
 * board: the set of those among `outputs`.
 */
export async function matchingOutputs(context: StoreContext, filter: GalleryFilter, outputs: readonly ImageRecord[]): Promise<Set<string> | null> {
  if (!filter.favourites && !filter.boardId) return null;
  const ids = outputs.map((image) => image.id);
  if (ids.length === 0) return new Set();
  const { favourites, boardImages } = context.tables;
  const { orm } = context.db;
  let matching = new Set(ids);
  if (filter.favourites) {
    const rows = await orm.select({ id: favourites.imageId }).from(favourites).where(inArray(favourites.imageId, ids));
    matching = new Set(rows.map((row) => row.id).filter((id) => matching.has(id)));
  }
  if (filter.boardId) {
    const rows = await orm
      .select({ id: boardImages.imageId })
      .from(boardImages)
      .where(and(eq(boardImages.boardId, filter.boardId), inArray(boardImages.imageId, ids)));
    matching = new Set(rows.map((row) => row.id).filter((id) => matching.has(id)));
  }
  return matching;
}
