import "server-only";
import { and, asc, eq, inArray, isNotNull, isNull, or } from "drizzle-orm";
import type { StoreContext } from "./context";
import { isReadable } from "./retention";
import { SESSION_EXPORT_MAX_GENERATIONS, SESSION_EXPORT_MAX_IMAGES } from "../limits";
import type { ExportsPart } from "../types";

/**
 * The visitor's readable images (deleted ones still used as inputs included, so the graph has no
 * holes) and the generations behind them, both oldest first. Generations are the visitor's live
 * ones plus any dismissed one that made an exported image: its prompt and seed are still true.
 *
 * Two reads without a shared snapshot (a drizzle transaction here would take the write lock): a
 * change in between can add a generation with no exported output, which is harmless, or make an
 * image unreadable, which the exporter sees when it opens the bytes.
 */
export function exportsPart(context: StoreContext): ExportsPart {
  return {
    async read(visitorId, options = {}) {
      const { orm } = context.db;
      const { generations, images } = context.tables;
      const only = options.imageIds ? [...new Set(options.imageIds)] : null;
      const imageRows = await orm
        .select()
        .from(images)
        .where(and(eq(images.visitorId, visitorId), isReadable(context), only ? inArray(images.id, only) : undefined))
        .orderBy(asc(images.createdAt), asc(images.id))
        .limit(SESSION_EXPORT_MAX_IMAGES + 1);

      const makers = orm
        .select({ id: images.generationId })
        .from(images)
        .where(and(eq(images.visitorId, visitorId), isNotNull(images.generationId), isReadable(context)));
      const generationIds = imageRows.flatMap((image) => (image.generationId ? [image.generationId] : []));
      const generationRows = await orm
        .select()
        .from(generations)
        .where(
          and(
            eq(generations.visitorId, visitorId),
            only ? inArray(generations.id, generationIds) : or(isNull(generations.deletedAt), inArray(generations.id, makers)),
          ),
        )
        .orderBy(asc(generations.createdAt), asc(generations.id))
        .limit(SESSION_EXPORT_MAX_GENERATIONS + 1);

      return {
        images: imageRows.slice(0, SESSION_EXPORT_MAX_IMAGES),
        generations: generationRows.slice(0, SESSION_EXPORT_MAX_GENERATIONS),
        complete: imageRows.length <= SESSION_EXPORT_MAX_IMAGES && generationRows.length <= SESSION_EXPORT_MAX_GENERATIONS,
      };
    },
  };
}
