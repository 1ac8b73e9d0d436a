import { z } from "zod";
import { exportFileName, MIME_EXTENSIONS } from "@/lib/shared/gallery/download-name";
import { ONE_IMAGE_INPUTS_MAX as INPUT_IMAGES_MAX, MODELS } from "@/lib/shared/seedream/limits";
import { generationParameters } from "@/lib/shared/seedream/request";
import { keepRegion, regionOutcome } from "@/lib/shared/marks/region";
import { GENERATION_STATUSES } from "@/lib/shared/records";

/**
 * `lineage.json` in a session export: every exported image, the generations that made them and
 * the edges between them, enough for an importer to rebuild the graph without the studio's
 * database. The exporter builds it with this schema's type and the tests read exports back through
 * it. Visitor ids, client IPs and provider request ids stay on the server, as in the gallery views.
 */
export const LINEAGE_DOCUMENT_VERSION = 1;
export const LINEAGE_DOCUMENT_NAME = "lineage.json";

type ExportedMime = keyof typeof MIME_EXTENSIONS;
const MIMES = Object.keys(MIME_EXTENSIONS) as [ExportedMime, ...ExportedMime[]];

/** Where an image's original bytes sit in the zip: named like its single download (see exportFileName). */
export function imagePath(
  image: Parameters<typeof exportFileName>[0] & { mime: ExportedMime },
  generation: Parameters<typeof exportFileName>[1],
): string {
  return `images/${exportFileName(image, generation)}`;
}

const id = z.uuid();
const epochMs = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

const lineageImage = z.strictObject({
  id,
  path: z.string(),
  origin: z.enum(["upload", "output"]),
  generationId: id.nullable(),
  outputIndex: count.nullable(),
  /** An upload's own file name, kept for provenance; null for outputs. */
  fileName: z.string().nullable(),
  mime: z.enum(MIMES),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: count,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  seed: z.number().int().nullable(),
  createdAt: epochMs,
  /** Set for an image the visitor deleted that a generation still uses as an input. */
  deletedAt: epochMs.nullable(),
});

const lineageGeneration = z.strictObject({
  id,
  model: z.enum(MODELS),
  prompt: z.string(),
  parameters: generationParameters,
  /**
   * In the order they were sent: index 0 is "image 1". A dismissed generation's inputs may be
   * missing from the export (deleted, and used by nothing else); no edge names those.
   */
  inputImageIds: z.array(id).max(INPUT_IMAGES_MAX),
  /** The exported outputs, in output order. */
  outputImageIds: z.array(id),
  status: z.enum(GENERATION_STATUSES),
  error: z.strictObject({ code: z.string(), message: z.string().nullable() }).nullable(),
  seed: z.number().int().nullable(),
  creditsUsed: z.number().nonnegative().nullable(),
  createdAt: epochMs,
  startedAt: epochMs.nullable(),
  finishedAt: epochMs.nullable(),
  retryOf: id.nullable(),
  /** The generation this one re-ran as a step of a replayed chain. */
  replayOf: id.nullable(),
  /** Set for a dismissed generation kept because an exported image came from it. */
  deletedAt: epochMs.nullable(),
  /** The painted region whose outside was kept from its original; absent without one. */
  region: z.optional(keepRegion),
  /** What became of each output with that region; null while the job had not succeeded. */
  regionOutcomes: z.array(regionOutcome).nullable().optional(),
});

/** `from` was input number `inputIndex` of `generationId`, which made `to`. */
const lineageEdge = z.strictObject({
  from: id,
  to: id,
  generationId: id,
  inputIndex: z.number().int().min(0).max(INPUT_IMAGES_MAX - 1),
});

export const lineageDocument = z
  .strictObject({
    version: z.literal(LINEAGE_DOCUMENT_VERSION),
    exportedAt: z.iso.datetime(),
    images: z.array(lineageImage),
    generations: z.array(lineageGeneration),
    edges: z.array(lineageEdge),
  })
  .superRefine((document, context) => {
    for (const problem of graphProblems(document)) context.addIssue({ code: "custom", message: problem });
  });

export type LineageImage = z.infer<typeof lineageImage>;
export type LineageGeneration = z.infer<typeof lineageGeneration>;
type LineageDocumentEdge = z.infer<typeof lineageEdge>;
export type LineageDocument = z.infer<typeof lineageDocument>;

/** One edge per (input, output) pair of each generation, for the images the document holds. */
export function edgesOf(images: readonly LineageImage[], generations: readonly LineageGeneration[]): LineageDocumentEdge[] {
  const present = new Set(images.map((image) => image.id));
  return generations.flatMap((generation) =>
    generation.inputImageIds.flatMap((from, inputIndex) =>
      present.has(from)
        ? generation.outputImageIds.map((to) => ({ from, to, generationId: generation.id, inputIndex }))
        : [],
    ),
  );
}

/** What would stop an importer: dangling ids, outputs claimed by the wrong generation, edges that disagree. */
function graphProblems(document: Omit<LineageDocument, "version" | "exportedAt">): string[] {
  const problems: string[] = [];
  const images = new Map(document.images.map((image) => [image.id, image]));
  const generations = new Map(document.generations.map((generation) => [generation.id, generation]));
  if (images.size !== document.images.length) problems.push("An image id appears twice.");
  if (generations.size !== document.generations.length) problems.push("A generation id appears twice.");

  for (const image of document.images) {
    const made = image.origin === "output";
    const madeBy = image.generationId === null ? null : (generations.get(image.generationId) ?? null);
    if (image.path !== imagePath(image, madeBy)) problems.push(`Image ${image.id} has the path ${image.path}.`);
    if (made !== (image.generationId !== null) || made !== (image.outputIndex !== null)) {
      problems.push(`Image ${image.id} is an ${image.origin} but says otherwise about its generation.`);
    }
    const generation = image.generationId === null ? null : generations.get(image.generationId);
    if (made && !generation?.outputImageIds.includes(image.id)) {
      problems.push(`Output ${image.id} is not listed by its generation.`);
    }
  }
  for (const generation of document.generations) {
    for (const output of generation.outputImageIds) {
      if (images.get(output)?.generationId !== generation.id) {
        problems.push(`Generation ${generation.id} lists ${output}, which is not its output.`);
      }
    }
  }
  const key = (edge: LineageDocumentEdge) => `${edge.from} ${edge.to} ${edge.generationId} ${edge.inputIndex}`;
  const expected = new Set(edgesOf(document.images, document.generations).map(key));
  const actual = new Set(document.edges.map(key));
  if (actual.size !== document.edges.length) problems.push("An edge appears twice.");
  if (expected.size !== actual.size || [...actual].some((edge) => !expected.has(edge))) {
    problems.push("The edges do not match the generations' inputs and outputs.");
  }
  return problems;
}
