import "server-only";
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { ChainRow, Dialect, Reader } from "../parts/context";

/** The parts hold PostgreSQL's database under SQLite's types (see parts/context.ts); raw queries need its own. */
async function execute<Row extends Record<string, unknown>>(reader: Reader, query: SQL): Promise<Row[]> {
  const result = await (reader as unknown as NodePgDatabase).execute<Row>(query);
  return result.rows as Row[];
}

function textArray(values: readonly string[]): SQL {
  return sql`ARRAY[${sql.join(values.map((value) => sql`${value}`), sql`, `)}]::text[]`;
}

export const postgresDialect: Dialect = {
  isReadable: ({ images, generations }) => sql`(${images.deletedAt} IS NULL OR EXISTS (
    SELECT 1 FROM ${generations} AS g
    WHERE g.visitor_id = ${images.visitorId} AND g.deleted_at IS NULL
      AND g.input_image_ids @> jsonb_build_array(${images.id})
  ))`,

  requestedImages: ({ generations }) =>
    sql<number>`coalesce((${generations.parameters}->>'num_images')::int, 1)`.mapWith(Number),

  // `?|` on jsonb walks the generations_inputs GIN index.
  usesAnyImage: ({ generations }, imageIds) => sql`${generations.inputImageIds} ?| ${textArray(imageIds)}`,

  inList: (column, values) => inArray(column, [...values]),

  containsText: (column, word) => sql`strpos(lower(${column}), lower(${word})) > 0`,

  ownedBy: (column, visitorId) => eq(column, visitorId),

  /** One recursive query, depth-bounded, so even a corrupted cycle ends. */
  chainLinks: async (reader, { images, generations }, imageId, visitorId, maxLinks) => {
    const result = await execute<{ generationId: string; outputIndex: number }>(
      reader,
      sql`
        WITH RECURSIVE chain(generation_id, output_index, depth) AS (
          SELECT ${images.generationId}, ${images.outputIndex}, 1 FROM ${images}
          WHERE ${images.id} = ${imageId} AND ${images.generationId} IS NOT NULL
          UNION ALL
          SELECT input.generation_id, input.output_index, chain.depth + 1
          FROM chain
          JOIN ${generations} AS g ON g.id = chain.generation_id AND g.visitor_id = ${visitorId}
          JOIN ${images} AS input ON input.id = (g.input_image_ids->>0) AND input.visitor_id = ${visitorId}
          WHERE chain.depth < ${maxLinks}::int AND input.generation_id IS NOT NULL
        )
        SELECT generation_id AS "generationId", output_index AS "outputIndex" FROM chain ORDER BY depth`,
    );
    return result.map((row): ChainRow => ({ generationId: row.generationId, outputIndex: Number(row.outputIndex) }));
  },

  // The quota_gate row: two connections admitting at once take turns, so they cannot both take the last image.
  lockQuotas: async (tx) => {
    await execute(tx, sql`SELECT id FROM quota_gate WHERE id = 1 FOR UPDATE`);
  },

  // Per blob, to the end of the transaction: a row added for these bytes and their removal take turns.
  lockBlob: async (tx, blobKey) => {
    await execute(tx, sql`SELECT pg_advisory_xact_lock(hashtextextended(${blobKey}, 0))`);
  },

  lockGeneration: async (tx, generationId) => {
    await execute(tx, sql`SELECT id FROM generations WHERE id = ${generationId} FOR UPDATE`);
  },
};
