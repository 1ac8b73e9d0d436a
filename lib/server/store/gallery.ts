import "server-only";
import { and, asc, desc, eq, inArray, isNull, lt, or, type SQL } from "drizzle-orm";
import type { StoreContext } from "./context";
import { StoreError } from "./errors";
import { findGeneration } from "./generations";
import { findImage } from "./images";
import { isReadable } from "./retention";
import { generations, images } from "./schema";
import type { GalleryItem, GalleryPage, GenerationWithOutputs, ImageRecord, Lineage } from "./types";

export const GALLERY_PAGE_DEFAULT = 30;
export const GALLERY_PAGE_MAX = 100;

/** A position in the gallery: everything strictly older than (createdAt, id) comes next. */
interface Position {
  createdAt: number;
  id: string;
}

/**
 * Newest first, by (created_at, id), which never changes for an item: a job that finishes keeps
 * its place, and anything made after a cursor sorts before it, so pages never repeat or skip.
 * Generations and uploads are read separately (each walks its own index), then merged.
 */
export async function listGallery(
  context: StoreContext,
  visitorId: string,
  options: { cursor?: string | null; limit?: number } = {},
): Promise<GalleryPage> {
  const limit = pageSize(options.limit);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const { orm } = context.db;

  const [generationRows, uploadRows] = await Promise.all([
    orm
      .select()
      .from(generations)
      .where(
        and(
          eq(generations.visitorId, visitorId),
          isNull(generations.deletedAt),
          olderThan(generations, after),
        ),
      )
      .orderBy(desc(generations.createdAt), desc(generations.id))
      .limit(limit + 1),
    orm
      .select()
      .from(images)
      .where(
        and(
          eq(images.visitorId, visitorId),
          eq(images.origin, "upload"),
          isNull(images.deletedAt),
          olderThan(images, after),
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
    page.flatMap((entry) => ("generation" in entry ? [entry.generation.id] : [])),
  );
  const items = page.map((entry): GalleryItem =>
    "generation" in entry
      ? { kind: "generation", generation: entry.generation, outputs: outputs.get(entry.generation.id) ?? [] }
      : { kind: "upload", image: entry.image },
  );
  return { items, nextCursor };
}

export async function getGenerationWithOutputs(
  context: StoreContext,
  visitorId: string,
  generationId: string,
): Promise<GenerationWithOutputs | null> {
  const generation = await findGeneration(context.db.orm, visitorId, generationId);
  if (!generation) return null;
  const outputs = await outputsOf(context, [generation.id]);
  return { generation, outputs: outputs.get(generation.id) ?? [] };
}

export async function getLineage(context: StoreContext, visitorId: string, imageId: string): Promise<Lineage | null> {
  const { orm } = context.db;
  const image = await findImage(orm, visitorId, imageId);
  if (!image) return null;
  const generation = image.generationId ? await findGeneration(orm, visitorId, image.generationId) : null;
  if (!generation || generation.inputImageIds.length === 0) return { image, generation, inputs: [] };

  const rows = await orm
    .select()
    .from(images)
    .where(and(inArray(images.id, generation.inputImageIds), eq(images.visitorId, visitorId), isReadable()));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const inputs = generation.inputImageIds.flatMap((id) => byId.get(id) ?? []);
  return { image, generation, inputs };
}

async function outputsOf(context: StoreContext, generationIds: string[]): Promise<Map<string, ImageRecord[]>> {
  const byGeneration = new Map<string, ImageRecord[]>();
  if (generationIds.length === 0) return byGeneration;
  const rows = await context.db.orm
    .select()
    .from(images)
    .where(and(inArray(images.generationId, generationIds), isNull(images.deletedAt)))
    .orderBy(asc(images.outputIndex));
  for (const row of rows) {
    if (!row.generationId) continue;
    byGeneration.set(row.generationId, [...(byGeneration.get(row.generationId) ?? []), row]);
  }
  return byGeneration;
}

function olderThan(table: typeof generations | typeof images, after: Position | null): SQL | undefined {
  if (!after) return undefined;
  return or(
    lt(table.createdAt, after.createdAt),
    and(eq(table.createdAt, after.createdAt), lt(table.id, after.id)),
  );
}

function compareNewestFirst(a: Position, b: Position): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return GALLERY_PAGE_DEFAULT;
  return Math.min(GALLERY_PAGE_MAX, Math.max(1, Math.floor(limit)));
}

function encodeCursor(position: Position): string {
  return Buffer.from(`${position.createdAt}.${position.id}`).toString("base64url");
}

const CURSOR = /^(\d{1,16})\.([0-9a-f-]{1,64})$/;

function decodeCursor(cursor: string): Position {
  const match = CURSOR.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match?.[1] || !match[2]) throw new StoreError("invalid_input", "That gallery page link is not valid.");
  return { createdAt: Number(match[1]), id: match[2] };
}
