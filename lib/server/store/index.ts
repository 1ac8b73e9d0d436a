import "server-only";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { openDiskBlobs } from "./blobs";
import type { StoreContext } from "./context";
import { openDatabase } from "./db";
import { getGenerationWithOutputs, getLineage, listGallery } from "./gallery";
import {
  completeGeneration,
  failGeneration,
  getGenerationForRunner,
  interruptUnfinished,
  listStalledReplays,
  markRunning,
} from "./generation-runs";
import {
  cancelGeneration,
  createGeneration,
  deleteGeneration,
  findGeneration,
  recordRefusedGeneration,
} from "./generations";
import { deleteImage, findImage, openImageBytes, readImageBytes, saveImage } from "./images";
import { getChain, getFamily } from "./lineage";
import { readSessionExport } from "./export";
import { createThumbnails } from "./thumbnails";
import type { Store } from "./types";
import { pruneVisitorsNotSeenSince, storedBytes, uploadBytesSince } from "./disk-usage";
import { listRevokedSessions, revokeSession } from "./sessions";
import { spendSince } from "./usage";
import { ensureVisitor } from "./visitors";

export { StoreError, isStoreError, type StoreErrorCode } from "./errors";
export { GALLERY_PAGE_DEFAULT, GALLERY_PAGE_MAX } from "./gallery";
export { GENERATION_STATUSES } from "@/lib/shared/records";
export { SESSION_EXPORT_MAX_GENERATIONS, SESSION_EXPORT_MAX_IMAGES } from "./export";
export { THUMBNAIL_MAX_SIDE } from "./thumbnails";
export type * from "./types";

/**
 * The embedded store: `<dataDir>/studio.db` (SQLite through Drizzle and @libsql/client) for
 * records, `<dataDir>/blobs` and `<dataDir>/thumbs` for bytes. Migrations run before it returns.
 * One Store per process: it queues its own writes (see db.ts), which two instances could not share.
 */
export async function openStore(options: { dataDir: string }): Promise<Store> {
  await mkdir(options.dataDir, { recursive: true });
  const db = await openDatabase(join(options.dataDir, "studio.db"));
  const blobs = openDiskBlobs(options.dataDir);
  const context: StoreContext = { db, blobs, thumbnails: createThumbnails(blobs) };

  return {
    close: async () => {
      await context.thumbnails.idle();
      await db.close();
    },
    ensureVisitor: (visitorId) => ensureVisitor(context, visitorId),

    saveImage: (input) => saveImage(context, input),
    getImage: (visitorId, imageId) => findImage(db.orm, visitorId, imageId),
    openImageBytes: (visitorId, imageId, variant) => openImageBytes(context, visitorId, imageId, variant),
    readImageBytes: (visitorId, imageId) => readImageBytes(context, visitorId, imageId),
    deleteImage: (visitorId, imageId) => deleteImage(context, visitorId, imageId),

    createGeneration: (input, admission) => createGeneration(context, input, admission),
    getGeneration: (visitorId, generationId) => findGeneration(db.orm, visitorId, generationId),
    getGenerationWithOutputs: (visitorId, generationId) => getGenerationWithOutputs(context, visitorId, generationId),
    getGenerationForRunner: (generationId) => getGenerationForRunner(context, generationId),
    markRunning: (generationId) => markRunning(context, generationId),
    completeGeneration: (generationId, outcome) => completeGeneration(context, generationId, outcome),
    failGeneration: (generationId, failure, status) => failGeneration(context, generationId, failure, status),
    cancelGeneration: (visitorId, generationId) => cancelGeneration(context, visitorId, generationId),
    deleteGeneration: (visitorId, generationId) => deleteGeneration(context, visitorId, generationId),
    interruptUnfinished: (failure) => interruptUnfinished(context, failure),
    recordRefusedGeneration: (input, failure) => recordRefusedGeneration(context, input, failure),
    listStalledReplays: () => listStalledReplays(context),

    listGallery: (visitorId, options) => listGallery(context, visitorId, options),
    getLineage: (visitorId, imageId) => getLineage(context, visitorId, imageId),
    getFamily: (visitorId, imageId, options) => getFamily(context, visitorId, imageId, options?.maxImages),
    getChain: (visitorId, imageId, maxLinks) => getChain(context, visitorId, imageId, maxLinks),
    readSessionExport: (visitorId, options) => readSessionExport(context, visitorId, options),

    spendSince: (since, visitorId) => spendSince(db.orm, since, visitorId),

    uploadBytesSince: (since, who) => uploadBytesSince(db.orm, since, who),
    storedBytes: () => storedBytes(db.orm),
    pruneVisitorsNotSeenSince: (cutoff) => pruneVisitorsNotSeenSince(context, cutoff),

    revokeSession: (id, expiresAt) => revokeSession(context, id, expiresAt),
    listRevokedSessions: (now) => listRevokedSessions(context, now),
  };
}
