"use server";

import { z } from "zod";
import { defineAction, found, notFound } from "@/lib/server/action";
import { visitorTopic } from "@/lib/server/events/bus";
import { toGenerationView } from "@/lib/shared/gallery/view";
import { recordId } from "@/lib/shared/records";
import { retryGenerationInput, startGenerationInput } from "@/lib/shared/start-generation";
import { STUDIO_MODELS } from "@/lib/shared/seedream/models";

/**
 * The studio's server actions, its mutations: each is a schema and one call into lib/, framed by
 * `defineAction`. Every write is scoped to the visitor's cookie, so someone else's id answers exactly
 * like a missing one. Reads are GET routes under app/api (the browser runs actions one at a time, and
 * a read must never wait behind an upload), and uploads stream to `POST /api/uploads`.
 */

export const startGeneration = defineAction(startGenerationInput, async (input, { jobs, visitorId, origin }) =>
  toGenerationView(await jobs.start(visitorId, input, origin)),
);

export const cancelGeneration = defineAction(recordId, async (id, { jobs, visitorId }) =>
  toGenerationView(found(await jobs.cancel(visitorId, id))),
);

export const retryGeneration = defineAction(retryGenerationInput, async (input, { jobs, visitorId, origin }) => {
  const { id, requestId } = typeof input === "string" ? { id: input, requestId: undefined } : input;
  return toGenerationView(found(await jobs.retry(visitorId, id, origin, requestId)));
});

export const deleteImage = defineAction(recordId, async (id, { store, visitorId, events }) => {
  if (!(await store.images.delete(visitorId, id))) throw notFound();
  events.publish(visitorTopic(visitorId), { type: "image-deleted", imageId: id });
  return { id };
});

/** Takes a failed or canceled job off the gallery (one still running is canceled first by the store). */
export const dismissGeneration = defineAction(recordId, async (id, { store, visitorId }) => {
  if (!(await store.generations.dismiss(visitorId, id))) throw notFound();
  return { id };
});

/** Re-runs the image's chain of edits from its original as new jobs; answers with the first. */
export const replayChain = defineAction(recordId, async (imageId, { jobs, visitorId, origin }) =>
  toGenerationView(found(await jobs.replay(visitorId, imageId, origin))),
);

/** "Try on another model": the step again on the chosen model, as a branch beside it. */
export const tryOnModel = defineAction(
  z.strictObject({ generationId: recordId, model: z.enum(STUDIO_MODELS, { error: "Pick one of the studio's models." }) }),
  async ({ generationId, model }, { jobs, visitorId, origin }) => toGenerationView(found(await jobs.branch(visitorId, generationId, model, origin))),
);
