"use server";

import { z } from "zod";
import { defineAction, found, notFound } from "@/lib/server/action";
import { visitorTopic } from "@/lib/server/events/bus";
import { toGenerationView } from "@/lib/shared/gallery/view";
import { recordId } from "@/lib/shared/records";
import { retryGenerationInput, startGenerationInput } from "@/lib/shared/start-generation";
import { STUDIO_MODELS } from "@/lib/shared/seedream/models";
import {
  autoAddBoardInput,
  boardImagesInput,
  createBoardInput,
  favouriteInput,
  renameBoardInput,
  shareTargetInput,
} from "@/lib/shared/board-inputs";
import { announceBoards, announceImages, announceQuietly } from "@/lib/server/shares/announce";
import { shareLinkViews, toBoardView } from "@/lib/server/shares/views";
import { shareTopic } from "@/lib/server/events/bus";

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
  events.publishStored(visitorTopic(visitorId), { type: "image-deleted", imageId: id });
  await announceQuietly(announceImages({ store, events }, visitorId, [id]));
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

export const createBoard = defineAction(createBoardInput, async ({ name }, { store, visitorId }) =>
  toBoardView(await store.boards.create(visitorId, name)),
);

export const renameBoard = defineAction(renameBoardInput, async ({ boardId, name }, { store, visitorId, events }) => {
  const board = toBoardView(found(await store.boards.rename(visitorId, boardId, name)));
  await announceQuietly(announceBoards({ store, events }, [boardId]));
  return board;
});

/** The board and its share links go (their pages hear it first); its images stay in the gallery. */
export const deleteBoard = defineAction(recordId, async (boardId, { store, visitorId, events }) => {
  const links = found(await store.boards.get(visitorId, boardId)) && (await store.shares.ofBoards([boardId]));
  if (!(await store.boards.delete(visitorId, boardId))) throw notFound();
  for (const link of links) events.publish(shareTopic(link.id), { type: "share-changed" });
  return { id: boardId };
});

/** New results land on this board too; `null` turns auto-add off. */
export const setAutoAddBoard = defineAction(autoAddBoardInput, async ({ boardId }, { store, visitorId }) => {
  if (!(await store.boards.setAutoAdd(visitorId, boardId))) throw notFound();
  return { boardId };
});

export const addToBoard = defineAction(boardImagesInput, async ({ boardId, imageIds }, { store, visitorId, events }) => {
  if (!(await store.boards.addImages(visitorId, boardId, imageIds))) throw notFound();
  await announceQuietly(announceBoards({ store, events }, [boardId]));
  return { boardId, imageIds };
});

export const removeFromBoard = defineAction(boardImagesInput, async ({ boardId, imageIds }, { store, visitorId, events }) => {
  if (!(await store.boards.removeImages(visitorId, boardId, imageIds))) throw notFound();
  await announceQuietly(announceBoards({ store, events }, [boardId]));
  return { boardId, imageIds };
});

export const setFavourite = defineAction(favouriteInput, async ({ imageId, favourite }, { store, visitorId }) => {
  if (!(await store.favourites.set(visitorId, imageId, favourite))) throw notFound();
  return { imageId, favourite };
});

/** A read-only link to an image, its lineage or a board: `/s/<token>`. */
export const createShareLink = defineAction(shareTargetInput, async (target, { store, visitorId }) => {
  const link = await store.shares.create(visitorId, target);
  const [view] = await shareLinkViews(store, visitorId, [link]);
  return view!;
});

/** The link answers 404 from now on, its images too; an open shared page hears it and redraws. */
export const revokeShareLink = defineAction(recordId, async (linkId, { store, visitorId, events }) => {
  const link = found(await store.shares.revoke(visitorId, linkId));
  events.publish(shareTopic(link.id), { type: "share-changed" });
  return { id: link.id };
});
