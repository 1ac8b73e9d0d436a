import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { blobKeyFor } from "../blobs/blob-store";
import type { Reader, StoreContext, Tx } from "./context";
import { StoreError } from "../errors";
import { findGeneration } from "./generations";
import { newRecordId } from "../ids";
import { blobKeysOf, isReadable, removeUnusedBlobs } from "./retention";
import { checkImageHeader } from "../image-header";
import { THUMBNAIL_MIME, THUMBNAIL_VERSION } from "../blobs/thumbnails";
import type { ImageBytes, ImageRecord, ImagesPart, SaveImageInput } from "../types";
import { recordVisitor } from "./visitors";

/** An image's original on disk, ready for its row. */
export interface StoredBlob {
  key: string;
  bytes: Buffer;
}

/** Checks, hashes and writes the original (with its fsyncs, the slow part) outside any transaction. */
export async function storeBlob(context: StoreContext, image: ImageBytes): Promise<StoredBlob> {
  await checkImageHeader(image);
  const key = blobKeyFor(image.bytes);
  await context.blobs.put("original", key, image.bytes);
  return { key, bytes: image.bytes };
}

/**
 * Inserts the row for a stored blob, inside the caller's write transaction. The original is
 * written again if a concurrent delete removed it since storeBlob (a stat when it did not).
 * Once the transaction commits, the caller starts the thumbnail.
 */
export async function insertImage(
  context: StoreContext,
  tx: Tx,
  input: SaveImageInput,
  blob: StoredBlob,
): Promise<ImageRecord> {
  // Held to the commit, so a removal of the same bytes cannot slip between this put and this row.
  await context.dialect.lockBlob(tx, blob.key);
  await context.blobs.put("original", blob.key, blob.bytes);
  const { id, createdAt } = newRecordId();
  const [row] = await tx
    .insert(context.tables.images)
    .values({
      id,
      visitorId: input.visitorId,
      origin: input.origin,
      generationId: input.origin === "output" ? input.generationId : null,
      outputIndex: input.origin === "output" ? input.outputIndex : null,
      fileName: input.origin === "upload" ? (input.fileName ?? null) : null,
      clientIp: input.origin === "upload" ? (input.clientIp ?? null) : null,
      blobKey: blob.key,
      mime: input.mime,
      width: input.width,
      height: input.height,
      bytes: blob.bytes.length,
      sha256: blob.key,
      seed: input.origin === "output" ? (input.seed ?? null) : null,
      createdAt,
    })
    .returning();
  if (!row) throw new StoreError("write_failed", "The image row was not written.");
  return row;
}

/** Uploads and outputs, as their visitor sees them. */
export function imagesPart(context: StoreContext): ImagesPart {
  const { generations, images } = context.tables;
  return {
    async save(input) {
      const blob = await storeBlob(context, input);
      let saved: ImageRecord;
      try {
        saved = await context.db.write(async (tx) => {
          await recordVisitor(context, tx, input.visitorId);
          if (input.origin === "output" && !(await findGeneration(context, tx, input.visitorId, input.generationId))) {
            throw new StoreError("not_found", "That generation was not found.");
          }
          return insertImage(context, tx, input, blob);
        });
      } catch (error) {
        // No row was written, so the file may now belong to nobody.
        await removeUnusedBlobs(context, [blob.key]);
        throw error;
      }
      context.thumbnails.start(blob.key, blob.bytes, input.thumbnail);
      return saved;
    },

    get: (visitorId, imageId) => findImage(context, context.db.orm, visitorId, imageId),

    async open(visitorId, imageId, variant) {
      const record = await findImage(context, context.db.orm, visitorId, imageId);
      if (!record) return null;
      if (variant === "original") {
        const opened = await context.blobs.open("original", record.blobKey);
        return opened && { record, ...opened, mime: record.mime, etag: `"${record.sha256}"` };
      }
      const opened = await context.thumbnails.open(record.blobKey);
      return opened && { record, ...opened, mime: THUMBNAIL_MIME, etag: `"${record.sha256}-t${THUMBNAIL_VERSION}"` };
    },

    async read(visitorId, imageId) {
      const record = await findImage(context, context.db.orm, visitorId, imageId);
      return record && context.blobs.read("original", record.blobKey);
    },

    async reader(visitorId, imageId) {
      const record = await findImage(context, context.db.orm, visitorId, imageId);
      return record && context.blobs.reader("original", record.blobKey);
    },

    async delete(visitorId, imageId) {
      const now = Date.now();
      const affectedBlobs = await context.db.write(async (tx) => {
        const [image] = await tx
          .update(images)
          .set({ deletedAt: now })
          .where(and(eq(images.id, imageId), eq(images.visitorId, visitorId), isNull(images.deletedAt)))
          .returning();
        if (!image) return null;
        if (!image.generationId) return [image.blobKey];
        // A succeeded generation with nothing left to show has no card; deleting it lets its inputs go too.
        const [sibling] = await tx
          .select({ id: images.id })
          .from(images)
          .where(and(eq(images.generationId, image.generationId), isNull(images.deletedAt)))
          .limit(1);
        if (sibling) return [image.blobKey];
        const [generation] = await tx
          .update(generations)
          .set({ deletedAt: now })
          .where(
            and(eq(generations.id, image.generationId), eq(generations.status, "succeeded"), isNull(generations.deletedAt)),
          )
          .returning({ inputImageIds: generations.inputImageIds });
        return [image.blobKey, ...(generation ? await blobKeysOf(context, tx, generation.inputImageIds) : [])];
      });
      if (!affectedBlobs) return false;
      await removeUnusedBlobs(context, affectedBlobs);
      return true;
    },
  };
}

export async function findImage(
  context: StoreContext,
  reader: Reader,
  visitorId: string,
  imageId: string,
): Promise<ImageRecord | null> {
  const { images } = context.tables;
  const [row] = await reader
    .select()
    .from(images)
    .where(and(eq(images.id, imageId), eq(images.visitorId, visitorId), isReadable(context)));
  return row ?? null;
}

