import "server-only";
import type { StudioError } from "@/lib/shared/errors";
import { localDate } from "@/lib/shared/gallery/download-name";
import {
  edgesOf,
  imagePath,
  LINEAGE_DOCUMENT_NAME,
  LINEAGE_DOCUMENT_VERSION,
  lineageDocument,
  type LineageDocument,
  type LineageGeneration,
  type LineageImage,
} from "@/lib/shared/lineage/document";
import type { GenerationRecord, ImageRecord, SessionExport, Store } from "@/lib/server/store";
import { zipStream, type ZipEntry } from "./zip-stream";

/**
 * A zip without Zip64 cannot address past 4 GiB; this leaves room for headers, descriptors,
 * the central directory and lineage.json.
 */
const SESSION_EXPORT_MAX_BYTES = 3.5 * 1024 ** 3;

const EXPORT_TOO_LARGE: StudioError = {
  code: "invalid_input",
  message: "This session is too large to export as one file; delete images you no longer need and try again.",
  retryable: false,
};

type SessionExportResult = { ok: true; stream: ReadableStream<Uint8Array>; fileName: string } | { ok: false; error: StudioError };

/**
 * Every readable image of the visitor under `images/<id>.<ext>`, byte for byte as stored, then
 * lineage.json. The manifest goes last so that it lists exactly the images the zip holds: one
 * deleted (and no longer readable) while the export runs is left out of both.
 */
export async function exportSession(store: Store, visitorId: string, now = new Date()): Promise<SessionExportResult> {
  const snapshot = await store.exports.read(visitorId);
  const bytes = snapshot.images.reduce((total, image) => total + image.bytes, 0);
  if (!snapshot.complete || bytes > SESSION_EXPORT_MAX_BYTES) return { ok: false, error: EXPORT_TOO_LARGE };
  return {
    ok: true,
    stream: zipStream(sessionEntries(store, visitorId, snapshot, now)),
    fileName: `seedream-session-${localDate(now.getTime())}.zip`,
  };
}

async function* sessionEntries(
  store: Store,
  visitorId: string,
  snapshot: SessionExport,
  now: Date,
): AsyncGenerator<ZipEntry, void, undefined> {
  const generations = new Map(snapshot.generations.map((generation) => [generation.id, generation]));
  const written: ImageRecord[] = [];
  for (const image of snapshot.images) {
    // An output whose generation the snapshot missed (dismissed between its two reads) would dangle.
    if (image.generationId && !generations.has(image.generationId)) continue;
    const opened = await store.images.open(visitorId, image.id, "original");
    if (!opened) continue;
    written.push(image);
    const madeBy = image.generationId === null ? null : (generations.get(image.generationId) ?? null);
    yield { path: imagePath(image, madeBy), modifiedAt: new Date(image.createdAt), chunks: opened.stream };
  }
  const document = lineageDocument.parse(toDocument(written, snapshot.generations, now));
  yield { path: LINEAGE_DOCUMENT_NAME, modifiedAt: now, chunks: [Buffer.from(`${JSON.stringify(document, null, 2)}\n`)] };
}

/** The manifest for what was written; parsed with its schema before it leaves, so it never drifts. */
function toDocument(images: readonly ImageRecord[], generations: readonly GenerationRecord[], now: Date): LineageDocument {
  const byId = new Map(generations.map((generation) => [generation.id, generation]));
  const documentImages = images.map((image) => toLineageImage(image, image.generationId === null ? null : (byId.get(image.generationId) ?? null)));
  const outputs = new Map<string, ImageRecord[]>();
  for (const image of images) {
    if (image.generationId) outputs.set(image.generationId, [...(outputs.get(image.generationId) ?? []), image]);
  }
  const documentGenerations = generations.map((generation) =>
    toLineageGeneration(generation, (outputs.get(generation.id) ?? []).sort(byOutputIndex)),
  );
  return {
    version: LINEAGE_DOCUMENT_VERSION,
    exportedAt: now.toISOString(),
    images: documentImages,
    generations: documentGenerations,
    edges: edgesOf(documentImages, documentGenerations),
  };
}

function toLineageImage(image: ImageRecord, generation: GenerationRecord | null): LineageImage {
  return {
    id: image.id,
    path: imagePath(image, generation),
    origin: image.origin,
    generationId: image.generationId,
    outputIndex: image.outputIndex,
    fileName: image.fileName,
    mime: image.mime,
    width: image.width,
    height: image.height,
    bytes: image.bytes,
    sha256: image.sha256,
    seed: image.seed,
    createdAt: image.createdAt,
    deletedAt: image.deletedAt,
  };
}

function toLineageGeneration(generation: GenerationRecord, outputs: readonly ImageRecord[]): LineageGeneration {
  return {
    id: generation.id,
    model: generation.model,
    prompt: generation.prompt,
    parameters: generation.parameters,
    inputImageIds: generation.inputImageIds,
    outputImageIds: outputs.map((output) => output.id),
    status: generation.status,
    error: generation.errorCode ? { code: generation.errorCode, message: generation.errorMessage } : null,
    seed: generation.seed,
    creditsUsed: generation.creditsUsed,
    createdAt: generation.createdAt,
    startedAt: generation.startedAt,
    finishedAt: generation.finishedAt,
    retryOf: generation.retryOf,
    replayOf: generation.replayOf,
    deletedAt: generation.deletedAt,
    // Only edits made with a painted region carry it: the mask and what became of each output.
    ...(generation.region ? { region: generation.region, regionOutcomes: generation.regionOutcomes } : {}),
  };
}

function byOutputIndex(a: ImageRecord, b: ImageRecord): number {
  return (a.outputIndex ?? 0) - (b.outputIndex ?? 0);
}
