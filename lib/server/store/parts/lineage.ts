import "server-only";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { LINEAGE_MAX_IMAGES } from "@/lib/shared/lineage/types";
import type { StoreContext } from "./context";
import { findImage } from "./images";
import { isReadable } from "./retention";
import type { ChainLink, Family, GenerationRecord, ImageRecord, LineagePart } from "../types";

/** Where an image came from and what came of it. */
export function lineagePart(context: StoreContext): LineagePart {
  return {
    family: (visitorId, imageId, options) => walkFamily(context, visitorId, imageId, options?.maxImages),
    chain: (visitorId, imageId, maxLinks) => walkChain(context, visitorId, imageId, maxLinks),
  };
}

/**
 * An image's family, walked breadth first from the focus so that the bound drops the farthest.
 * Each level is two round trips whatever its width: the generations behind the level's images
 * (by id) and the edits that used any of them (json_each over the visitor's edits only, through a
 * partial index), then every readable image those generations name, as inputs or outputs.
 *
 * Upward moves (to a generation's inputs, and to its other outputs) are only taken from the focus
 * and what was reached upward; everything reached is walked downward. So the family is the focus's
 * ancestors, their siblings, and all that descends from any of them. The other parents of a
 * descendant are added as they are, without their own ancestry or descendants, which would pull in
 * unrelated families through a shared upload.
 */
async function walkFamily(
  context: StoreContext,
  visitorId: string,
  imageId: string,
  maxImages = LINEAGE_MAX_IMAGES,
): Promise<Family | null> {
  const focus = await findImage(context, context.db.orm, visitorId, imageId);
  if (!focus) return null;

  const found = new Map<string, ImageRecord>([[focus.id, focus]]);
  const seenGenerations = new Map<string, GenerationRecord>();
  const walkedUp = new Set<string>();
  let upward: ImageRecord[] = [focus];
  let downward: ImageRecord[] = [focus];

  while ((upward.length > 0 || downward.length > 0) && found.size <= maxImages) {
    const makers = unique(upward.flatMap((image) => (image.generationId ? [image.generationId] : []))).filter(
      (id) => !walkedUp.has(id),
    );
    const [parents, children] = await Promise.all([
      generationsById(context, visitorId, makers),
      editsUsing(context, visitorId, downward.map((image) => image.id), [...seenGenerations.keys()]),
    ]);
    for (const generation of [...parents, ...children]) seenGenerations.set(generation.id, generation);
    for (const generation of parents) walkedUp.add(generation.id);

    const inputIds = parents.flatMap((generation) => generation.inputImageIds);
    const rows = await readableImages(context, visitorId, inputIds, [...parents, ...children].map((g) => g.id));
    const byId = new Map(rows.map((row) => [row.id, row]));
    const outputsOf = (generation: GenerationRecord) =>
      rows.filter((row) => row.generationId === generation.id).sort((a, b) => (a.outputIndex ?? 0) - (b.outputIndex ?? 0));

    const inputs = inputIds.flatMap((id) => byId.get(id) ?? []);
    const level = [...inputs, ...parents.flatMap(outputsOf), ...children.flatMap(outputsOf)];
    downward = [];
    for (const image of level) {
      if (found.has(image.id)) continue;
      found.set(image.id, image);
      downward.push(image);
    }
    // An input reached again upward may have been found on the way down first: it is walked up anyway.
    upward = inputs;
  }

  // A text-to-image step re-run (on another model, or as a replayed chain's first step) shares no
  // input with it: the two are joined by replay_of, each drawn with its outputs beside the other.
  const reruns = await textToImageReruns(context, visitorId, [...seenGenerations.values()]);
  for (const generation of reruns) seenGenerations.set(generation.id, generation);
  for (const image of await readableImages(context, visitorId, [], reruns.map((generation) => generation.id))) {
    if (!found.has(image.id)) found.set(image.id, image);
  }

  // Every edit shows all it was made from: a descendant's other inputs join as ends of the drawing,
  // with the steps that made them, but are not walked further (their families are their own).
  const otherInputs = unique([...seenGenerations.values()].flatMap((generation) => generation.inputImageIds)).filter(
    (id) => !found.has(id),
  );
  const coParents = await readableImages(context, visitorId, otherInputs, []);
  const coParentMakers = unique(coParents.flatMap((image) => (image.generationId ? [image.generationId] : []))).filter(
    (id) => !seenGenerations.has(id),
  );
  for (const generation of await generationsById(context, visitorId, coParentMakers)) seenGenerations.set(generation.id, generation);
  // Added last, so the bound drops them before anything the walk reached.
  for (const image of coParents) found.set(image.id, image);

  const kept = [...found.values()].slice(0, maxImages);
  const keptGenerationIds = new Set(kept.flatMap((image) => (image.generationId ? [image.generationId] : [])));
  return {
    focus,
    images: kept,
    generations: [...seenGenerations.values()].filter((generation) => keptGenerationIds.has(generation.id)),
    truncated: found.size > maxImages,
  };
}

/** One recursive query from the image back through first inputs (see each dialect), then its generations in one more. */
async function walkChain(context: StoreContext, visitorId: string, imageId: string, maxLinks: number): Promise<ChainLink[] | null> {
  const image = await findImage(context, context.db.orm, visitorId, imageId);
  if (!image) return null;
  const links = await context.dialect.chainLinks(context.db.orm, context.tables, image.id, visitorId, maxLinks);
  const records = await generationsById(context, visitorId, links.map((link) => link.generationId));
  const byId = new Map(records.map((record) => [record.id, record]));
  return links.flatMap(({ generationId, outputIndex }) => {
    const generation = byId.get(generationId);
    return generation ? [{ generation, outputIndex }] : [];
  });
}

/** Dismissed generations included: a family keeps the steps its readable images came from. */
function generationsById(context: StoreContext, visitorId: string, ids: readonly string[]): Promise<GenerationRecord[]> {
  if (ids.length === 0) return Promise.resolve([]);
  const { generations } = context.tables;
  const { inList, ownedBy } = context.dialect;
  return context.db.orm
    .select()
    .from(generations)
    .where(and(inList(generations.id, ids), ownedBy(generations.visitorId, visitorId)))
    .orderBy(asc(generations.createdAt), asc(generations.id));
}

/**
 * The `input_image_ids <> '[]'` term matches generations_edits_by_visitor's WHERE, which is what
 * lets SQLite use that partial index: text-to-image jobs are never read.
 */
function editsUsing(
  context: StoreContext,
  visitorId: string,
  imageIds: readonly string[],
  exceptGenerationIds: readonly string[],
): Promise<GenerationRecord[]> {
  if (imageIds.length === 0) return Promise.resolve([]);
  const { generations } = context.tables;
  return context.db.orm
    .select()
    .from(generations)
    .where(
      and(
        eq(generations.visitorId, visitorId),
        sql`${generations.inputImageIds} <> '[]'`,
        context.dialect.usesAnyImage(context.tables, imageIds),
        exceptGenerationIds.length > 0 ? sql`NOT ${context.dialect.inList(generations.id, exceptGenerationIds)}` : undefined,
      ),
    )
    .orderBy(asc(generations.createdAt), asc(generations.id));
}

/**
 * The originals of the text-to-image steps among `seen` that re-ran one, and every text-to-image
 * step that re-ran any of those or of `seen`: the other side of each A/B branch.
 */
async function textToImageReruns(
  context: StoreContext,
  visitorId: string,
  seen: readonly GenerationRecord[],
): Promise<GenerationRecord[]> {
  const seenIds = new Set(seen.map((generation) => generation.id));
  const textToImage = seen.filter((generation) => generation.inputImageIds.length === 0);
  if (textToImage.length === 0) return [];
  const originalIds = unique(textToImage.flatMap((generation) => (generation.replayOf ? [generation.replayOf] : []))).filter((id) => !seenIds.has(id));
  const originals = await generationsById(context, visitorId, originalIds);
  const stems = unique([...textToImage, ...originals].map((generation) => generation.id));
  const { generations } = context.tables;
  const reruns = await context.db.orm
    .select()
    .from(generations)
    .where(
      and(
        eq(generations.visitorId, visitorId),
        sql`${generations.inputImageIds} = '[]'`,
        context.dialect.inList(generations.replayOf, stems),
      ),
    )
    .orderBy(asc(generations.createdAt), asc(generations.id));
  return [...originals, ...reruns].filter((generation) => !seenIds.has(generation.id));
}

/**
 * Two lookups rather than one query with OR: SQLite would answer the OR by scanning every image of
 * the visitor, while each half alone walks its own index (the primary key, images_by_generation).
 */
async function readableImages(
  context: StoreContext,
  visitorId: string,
  imageIds: readonly string[],
  generationIds: readonly string[],
): Promise<ImageRecord[]> {
  const { images } = context.tables;
  const { inList, ownedBy } = context.dialect;
  const lookup = (named: SQL) =>
    context.db.orm.select().from(images).where(and(named, ownedBy(images.visitorId, visitorId), isReadable(context)));
  const [named, made] = await Promise.all([
    imageIds.length > 0 ? lookup(inList(images.id, unique(imageIds))) : [],
    generationIds.length > 0 ? lookup(inList(images.generationId, unique(generationIds))) : [],
  ]);
  return [...new Map([...named, ...made].map((row) => [row.id, row])).values()];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
