"use server";

import { z } from "zod";
import { defineAction, attempt } from "@/lib/server/action";
import { isOwner, todaysLedger } from "@/lib/server/ledger";
import { currentVisitorId } from "@/lib/server/session";
import { StoreError } from "@/lib/server/store/errors";
import { studio } from "@/lib/server/studio";
import { saveUploads } from "@/lib/server/uploads/save-uploads";
import { buildLineageView } from "@/lib/shared/lineage/build-view";
import { fail, type ActionResult } from "@/lib/shared/errors";
import { toGalleryPageView, toGenerationView, type ImageView } from "@/lib/shared/gallery/view";
import { retryGenerationInput, startGenerationInput } from "@/lib/shared/start-generation";
import { recordId } from "@/lib/shared/records";

/**
 * The studio's server actions: each is a schema and one call into lib/, framed by `defineAction`.
 * Every read and write is scoped to the visitor's cookie, so someone else's id answers exactly like
 * a missing one.
 */

export const startGeneration = defineAction(startGenerationInput, async (input, { jobs, visitorId, origin }) =>
  toGenerationView(await jobs.start(visitorId, input, origin)),
);

export const getGenerations = defineAction(z.array(recordId).max(100), async (ids, { store, visitorId }) => {
  const found = await Promise.all(ids.map((id) => store.generations.withOutputs(visitorId, id)));
  return found.flatMap((entry) => (entry ? [toGenerationView(entry.generation, entry.outputs)] : []));
});

export const cancelGeneration = defineAction(recordId, async (id, { jobs, visitorId }) =>
  toGenerationView(found(await jobs.cancel(visitorId, id))),
);

export const retryGeneration = defineAction(retryGenerationInput, async (input, { jobs, visitorId, origin }) => {
  const { id, requestId } = typeof input === "string" ? { id: input, requestId: undefined } : input;
  return toGenerationView(found(await jobs.retry(visitorId, id, origin, requestId)));
});

const galleryQuery = z.strictObject({
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).optional(),
});

export const listGallery = defineAction(galleryQuery.nullish(), async (query, { store, visitorId }) =>
  toGalleryPageView(await store.gallery.list(visitorId, query ?? {})),
);

export const deleteImage = defineAction(recordId, async (id, { store, visitorId }) => {
  if (!(await store.images.delete(visitorId, id))) throw notFound();
  return { id };
});

/** Re-runs the image's chain of edits from its original as new jobs; answers with the first. */
export const replayChain = defineAction(recordId, async (imageId, { jobs, visitorId, origin }) =>
  toGenerationView(found(await jobs.replay(visitorId, imageId, origin))),
);

/** The image's family: where it came from, what came of it, and the steps between. */
export const getLineage = defineAction(recordId, async (imageId, { store, visitorId }) =>
  buildLineageView(found(await store.lineage.family(visitorId, imageId))),
);

/** Files are checked by decoding, never by name or type, and normalised before they are kept. */
export async function uploadImages(form: FormData): Promise<ActionResult<ImageView[]>> {
  if (!(form instanceof FormData)) {
    return fail({ code: "invalid_input", message: "Send the images as a form.", retryable: false });
  }
  const files = form.getAll("files").filter((entry): entry is File => entry instanceof File);
  return attempt(async () => {
    const { store } = await studio();
    return saveUploads(store, await currentVisitorId(), files);
  });
}

/** Today's spend for the header: the visitor's own, and the deployment's for the owner only. */
export const getLedger = defineAction(z.undefined(), async (_, { store, visitorId }) =>
  todaysLedger(store, visitorId, { owner: await isOwner() }),
);

function found<T>(value: T | null): T {
  if (value === null) throw notFound();
  return value;
}

function notFound(): StoreError {
  return new StoreError("not_found", "No such record for this visitor.");
}
