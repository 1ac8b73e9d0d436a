"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { attempt, fail, invalidInput, type ActionResult } from "@/lib/errors";
import { toGalleryPageView, toGenerationView, type GalleryPageView, type GenerationView, type ImageView } from "@/lib/gallery/view";
import { recordId, startGenerationInput, type RequestOrigin } from "@/lib/jobs";
import { isOwner, todaysLedger, type LedgerView } from "@/lib/ledger";
import { buildLineageView } from "@/lib/lineage/build-view";
import type { LineageView } from "@/lib/lineage/types";
import { clientIpFrom } from "@/lib/quotas/client-ip";
import { currentVisitorId } from "@/lib/session";
import { StoreError } from "@/lib/store/errors";
import { studio } from "@/lib/studio";
import { saveUploads } from "@/lib/uploads/save-uploads";

/**
 * The studio's server actions. Each parses its input with zod, calls one thing in lib/, and returns
 * an ActionResult; every read and write is scoped to the visitor's cookie, so someone else's id
 * answers exactly like a missing one.
 */

export async function startGeneration(input: unknown): Promise<ActionResult<GenerationView>> {
  const parsed = startGenerationInput.safeParse(input);
  if (!parsed.success) return fail(invalidInput(parsed.error));
  return attempt(async () => {
    const { jobs } = await studio();
    return toGenerationView(await jobs.start(await currentVisitorId(), parsed.data, await requestOrigin()));
  });
}

export async function getGenerations(ids: unknown): Promise<ActionResult<GenerationView[]>> {
  const parsed = z.array(recordId).max(100).safeParse(ids);
  if (!parsed.success) return fail(invalidInput(parsed.error));
  return attempt(async () => {
    const { store } = await studio();
    const visitorId = await currentVisitorId();
    const found = await Promise.all(parsed.data.map((id) => store.getGenerationWithOutputs(visitorId, id)));
    return found.flatMap((entry) => (entry ? [toGenerationView(entry.generation, entry.outputs)] : []));
  });
}

export async function cancelGeneration(id: unknown): Promise<ActionResult<GenerationView>> {
  const parsed = recordId.safeParse(id);
  if (!parsed.success) return fail(invalidInput(parsed.error));
  return attempt(async () => {
    const { jobs } = await studio();
    const generation = await jobs.cancel(await currentVisitorId(), parsed.data);
    if (!generation) throw notFound();
    return toGenerationView(generation);
  });
}

export async function retryGeneration(id: unknown): Promise<ActionResult<GenerationView>> {
  const parsed = recordId.safeParse(id);
  if (!parsed.success) return fail(invalidInput(parsed.error));
  return attempt(async () => {
    const { jobs } = await studio();
    const generation = await jobs.retry(await currentVisitorId(), parsed.data, await requestOrigin());
    if (!generation) throw notFound();
    return toGenerationView(generation);
  });
}

const galleryQuery = z.strictObject({
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).optional(),
});

export async function listGallery(input: unknown): Promise<ActionResult<GalleryPageView>> {
  const parsed = galleryQuery.safeParse(input ?? {});
  if (!parsed.success) return fail(invalidInput(parsed.error));
  return attempt(async () => {
    const { store } = await studio();
    return toGalleryPageView(await store.listGallery(await currentVisitorId(), parsed.data));
  });
}

export async function deleteImage(id: unknown): Promise<ActionResult<{ id: string }>> {
  const parsed = recordId.safeParse(id);
  if (!parsed.success) return fail(invalidInput(parsed.error));
  return attempt(async () => {
    const { store } = await studio();
    if (!(await store.deleteImage(await currentVisitorId(), parsed.data))) throw notFound();
    return { id: parsed.data };
  });
}

/** Re-runs the image's chain of edits from its original as new jobs; answers with the first. */
export async function replayChain(imageId: unknown): Promise<ActionResult<GenerationView>> {
  const parsed = recordId.safeParse(imageId);
  if (!parsed.success) return fail(invalidInput(parsed.error));
  return attempt(async () => {
    const { jobs } = await studio();
    const generation = await jobs.replay(await currentVisitorId(), parsed.data, await requestOrigin());
    if (!generation) throw notFound();
    return toGenerationView(generation);
  });
}

/** The image's family: where it came from, what came of it, and the steps between. */
export async function getLineage(imageId: unknown): Promise<ActionResult<LineageView>> {
  const parsed = recordId.safeParse(imageId);
  if (!parsed.success) return fail(invalidInput(parsed.error));
  return attempt(async () => {
    const { store } = await studio();
    const family = await store.getFamily(await currentVisitorId(), parsed.data);
    if (!family) throw notFound();
    return buildLineageView(family);
  });
}

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
export async function getLedger(): Promise<ActionResult<LedgerView>> {
  return attempt(async () => {
    const { store } = await studio();
    return todaysLedger(store, await currentVisitorId(), { owner: await isOwner() });
  });
}

/** Quotas count per client IP too, for visitors who clear their cookies. */
async function requestOrigin(): Promise<RequestOrigin> {
  return { clientIp: clientIpFrom(await headers()) };
}

function notFound(): StoreError {
  return new StoreError("not_found", "No such record for this visitor.");
}
