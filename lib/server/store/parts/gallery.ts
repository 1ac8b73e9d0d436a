import "server-only";
import { and, desc, eq, isNull, lt, or, type SQL } from "drizzle-orm";
import type { StoreContext, Tables } from "./context";
import { outputsOf } from "./generations";
import { compareNewestFirst, decodeCursor, encodeCursor, pageSize, type Position } from "../gallery-page";
import type { GalleryItem, GalleryPart, ImageOrganisation, ImageRecord } from "../types";
import { generationConditions, matchingOutputs, uploadConditions } from "./gallery-filter";
import { boardsPart, favouritesPart } from "./boards";

/**
 * Newest first, by (created_at, id), which never changes for an item: a job that finishes keeps
 * its place, and anything made after a cursor sorts before it, so pages never repeat or skip.
 * Generations and uploads are read separately (each walks its own index), then merged.
 */
export function galleryPart(context: StoreContext): GalleryPart {
  const boards = boardsPart(context);
  const favourites = favouritesPart(context);
  return {
    async list(visitorId, options = {}) {
      const limit = pageSize(options.limit);
      const after = options.cursor ? decodeCursor(options.cursor) : null;
      const { orm } = context.db;
      const { generations, images } = context.tables;
      const filter = options.filter ?? {};
      const uploadsMatch = uploadConditions(context, filter);

      const [generationRows, uploadRows] = await Promise.all([
        orm
          .select()
          .from(generations)
          .where(
            and(
              eq(generations.visitorId, visitorId),
              isNull(generations.deletedAt),
              olderThan(generations, after),
              ...generationConditions(context, filter),
            ),
          )
          .orderBy(desc(generations.createdAt), desc(generations.id))
          .limit(limit + 1),
        uploadsMatch === null
          ? Promise.resolve([])
          : orm
              .select()
              .from(images)
              .where(
                and(
                  eq(images.visitorId, visitorId),
                  eq(images.origin, "upload"),
                  isNull(images.deletedAt),
                  olderThan(images, after),
                  ...uploadsMatch,
                ),
              )
              .orderBy(desc(images.createdAt), desc(images.id))
              .limit(limit + 1),
      ]);

      const merged = [
        ...generationRows.map((generation) => ({ position: generation, generation })),
        ...uploadRows.map((image) => ({ position: image, image })),
      ].sort((a, b) => compareNewestFirst(a.position, b.position));
      const page = merged.slice(0, limit);
      const last = page.at(-1);
      const nextCursor = merged.length > limit && last ? encodeCursor(last.position) : null;

      const outputs = await outputsOf(
        context,
        orm,
        page.flatMap((entry) => ("generation" in entry ? [entry.generation.id] : [])),
      );
      const matching = await matchingOutputs(context, filter, [...outputs.values()].flat());
      const shown = (list: ImageRecord[]) => (matching ? list.filter((image) => matching.has(image.id)) : list);
      const items = page.map((entry): GalleryItem =>
        "generation" in entry
          ? { kind: "generation", generation: entry.generation, outputs: shown(outputs.get(entry.generation.id) ?? []) }
          : { kind: "upload", image: entry.image },
      );
      const imageIds = items.flatMap((item) => (item.kind === "generation" ? item.outputs.map((image) => image.id) : [item.image.id]));
      const [starred, onBoards] = await Promise.all([favourites.among(visitorId, imageIds), boards.ofImages(visitorId, imageIds)]);
      const organised: ImageOrganisation = { favourites: [...starred], boards: Object.fromEntries(onBoards) };
      return { items, nextCursor, organised };
    },
  };
}

function olderThan(table: Tables["generations"] | Tables["images"], after: Position | null): SQL | undefined {
  if (!after) return undefined;
  return or(
    lt(table.createdAt, after.createdAt),
    and(eq(table.createdAt, after.createdAt), lt(table.id, after.id)),
  );
}
