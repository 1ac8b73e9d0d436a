import "server-only";
import { sql, type Column, type SQL } from "drizzle-orm";
import type { ChainRow, Dialect } from "../parts/context";

/** Every write already holds SQLite's one write lock (BEGIN IMMEDIATE, see db.ts): nothing more to take. */
const alreadyExclusive = async () => undefined;

/** A list as one bound JSON parameter: no limit on its length, and SQLite still probes the index per value. */
function inJson(column: Column, values: readonly string[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

export const sqliteDialect: Dialect = {
  isReadable: ({ images, generations }) => sql`(${images.deletedAt} IS NULL OR EXISTS (
    SELECT 1 FROM ${generations} AS g, json_each(g.input_image_ids) AS input
    WHERE g.visitor_id = ${images.visitorId} AND g.deleted_at IS NULL AND input.value = ${images.id}
  ))`,

  requestedImages: ({ generations }) =>
    sql<number>`coalesce(json_extract(${generations.parameters}, '$.num_images'), 1)`.mapWith(Number),

  usesAnyImage: ({ generations }, imageIds) => sql`EXISTS (SELECT 1 FROM json_each(${generations.inputImageIds}) AS input
    WHERE input.value IN (SELECT value FROM json_each(${JSON.stringify(imageIds)})))`,

  inList: inJson,

  containsText: (column, word) => sql`instr(lower(${column}), lower(${word})) > 0`,

  /**
   * The unary plus keeps SQLite from answering the visitor check with a visitor index, which it
   * otherwise prefers over the list of ids and then reads the visitor's whole history; by id, each
   * row is found through its own key and checked.
   */
  ownedBy: (column, visitorId) => sql`+${column} = ${visitorId}`,

  /** One recursive query, depth-bounded, so even a corrupted cycle ends. */
  chainLinks: (reader, { images, generations }, imageId, visitorId, maxLinks) =>
    reader.all<ChainRow>(sql`
      WITH RECURSIVE chain(generation_id, output_index, depth) AS (
        SELECT ${images.generationId}, ${images.outputIndex}, 1 FROM ${images}
        WHERE ${images.id} = ${imageId} AND ${images.generationId} IS NOT NULL
        UNION ALL
        SELECT input.generation_id, input.output_index, chain.depth + 1
        FROM chain
        JOIN ${generations} AS g ON g.id = chain.generation_id AND +g.visitor_id = ${visitorId}
        JOIN ${images} AS input ON input.id = json_extract(g.input_image_ids, '$[0]') AND +input.visitor_id = ${visitorId}
        WHERE chain.depth < ${maxLinks} AND input.generation_id IS NOT NULL
      )
      SELECT generation_id AS generationId, output_index AS outputIndex FROM chain ORDER BY depth`),

  lockQuotas: alreadyExclusive,
  lockBlob: alreadyExclusive,
  lockGeneration: alreadyExclusive,
};
