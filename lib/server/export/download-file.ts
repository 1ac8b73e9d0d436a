import "server-only";
import { downloadFileName } from "@/lib/shared/gallery/download-name";
import { toGenerationView, toImageView } from "@/lib/shared/gallery/view";
import type { Store } from "@/lib/server/store";
import { provenanceOf, provenancePieces } from "./metadata";
import { readAhead } from "./metadata/byte-source";
import { pieceLength, type FilePiece } from "./metadata/splice";
import { piecesStream } from "./pieces-stream";

interface DownloadFile {
  /** The file in order: the metadata as new bytes, the rest as ranges of the stored original. */
  pieces: FilePiece[];
  size: number;
  mime: string;
  name: string;
  /** The file as a response body, read from the store as the client takes it. Once per file. */
  stream(): ReadableStream<Uint8Array>;
  /** The whole file in one buffer: for checks, not for sending. Once per file, instead of stream(). */
  bytes(): Promise<Buffer>;
}

/**
 * The stored original with its provenance written in, and the name the studio's Download button
 * gives it. Null when the visitor cannot read the image. Only the original's chunk headers are
 * read here; its pixels are streamed from disk or the bucket while the file is sent.
 */
export async function downloadFile(store: Store, visitorId: string, imageId: string): Promise<DownloadFile | null> {
  const { images, generations } = await store.exports.read(visitorId, { imageIds: [imageId] });
  const image = images[0];
  const original = image && (await store.images.reader(visitorId, image.id));
  if (!image || !original) return null;
  try {
    const generation = generations[0] ?? null;
    const pieces = await provenancePieces(readAhead(original), image.mime, provenanceOf(image, generation));
    // Named as the gallery names it: the position among the generation's live outputs, as its card shows them.
    const live = generation ? await store.generations.withOutputs(visitorId, generation.id) : null;
    const view = live ? toGenerationView(live.generation, live.outputs) : generation && toGenerationView(generation);
    const stream = () => piecesStream(pieces, original);
    return {
      pieces,
      size: pieces.reduce((total, piece) => total + pieceLength(piece), 0),
      mime: image.mime,
      name: downloadFileName(toImageView(image), view),
      stream,
      bytes: async () => Buffer.from(await new Response(stream()).arrayBuffer()),
    };
  } catch (error) {
    await original.close();
    throw error;
  }
}
