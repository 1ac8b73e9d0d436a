"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { cancelGeneration, deleteImage, replayChain, retryGeneration, startGeneration, tryOnModel } from "@/app/actions";
import { API_ROUTES } from "@/lib/shared/api-routes";
import type { StudioError } from "@/lib/shared/errors";
import type { GenerationView, ImageView } from "@/lib/shared/gallery/view";
import type { StartGenerationInput } from "@/lib/shared/start-generation";
import { fetchResult, LOST_CONNECTION } from "./fetch-result";
import { addToGallery, addUploads, applyGeneration, removeImage, settleOptimistic } from "./live-cache";
import { DEFAULT_STUDIO_MODEL, providerModelFor, studioModelOf, type StudioModel } from "@/lib/shared/seedream/models";
import { ActionFailure, OPTIMISTIC_PREFIX, prependGeneration, replaceGeneration, unwrap, updateGallery } from "./queries";

function errorOf(error: unknown): StudioError {
  return error instanceof ActionFailure ? error.studioError : LOST_CONNECTION;
}

/** A start as the page sends it: always with its request id, which also names its placeholder card. */
export type StartRequest = StartGenerationInput & { requestId: string };

/** What the card shows between the click and the server's answer. */
function placeholder(input: StartRequest): GenerationView {
  const { prompt, ...parameters } = input.settings;
  return {
    id: `${OPTIMISTIC_PREFIX}${input.requestId}`,
    status: "queued",
    model: providerModelFor(input.model ?? DEFAULT_STUDIO_MODEL, input.inputImageIds.length),
    prompt,
    parameters,
    inputImageIds: [...input.inputImageIds],
    error: null,
    creditsUsed: null,
    seed: null,
    createdAt: Date.now(),
    startedAt: null,
    finishedAt: null,
    retryOf: null,
    replayOf: null,
    outputs: [],
  };
}

export function useStartGeneration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: StartRequest) => unwrap(startGeneration(input)),
    onMutate: (input) => {
      const optimistic = placeholder(input);
      prependGeneration(client, optimistic);
      return { optimistic };
    },
    onSuccess: (generation, _input, context) => settleOptimistic(client, context.optimistic.id, generation),
    onError: (error, _input, context) => {
      if (!context) return;
      replaceGeneration(client, context.optimistic.id, { ...context.optimistic, status: "failed", error: errorOf(error) });
    },
  });
}

/**
 * The request id of each job's retry not yet answered. A second Retry on the same card (a double
 * click, or a press after the answer was lost) sends the same id, and the server records one job.
 */
const unansweredRetries = new Map<string, string>();

/**
 * Retry takes the failed card's place in the gallery: the new job (or, if it is refused, the reason)
 * replaces it where it stands. A placeholder is sent again as the start it stands for, with that
 * start's request id, so a start the server did record is not recorded twice.
 */
export function useRetryGeneration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (generation: GenerationView) => {
      if (generation.id.startsWith(OPTIMISTIC_PREFIX)) {
        const settings = { prompt: generation.prompt, ...generation.parameters };
        const input: StartRequest = {
          model: studioModelOf(generation.model),
          settings,
          inputImageIds: generation.inputImageIds,
          requestId: generation.id.slice(OPTIMISTIC_PREFIX.length),
        };
        // The same request id names the same card: the new placeholder stands where the failed one was.
        const again = placeholder(input);
        replaceGeneration(client, generation.id, again);
        try {
          settleOptimistic(client, again.id, await unwrap(startGeneration(input)));
        } catch (error) {
          replaceGeneration(client, again.id, { ...again, status: "failed", error: errorOf(error) });
        }
        return null;
      }
      const requestId = unansweredRetries.get(generation.id) ?? crypto.randomUUID();
      unansweredRetries.set(generation.id, requestId);
      try {
        const retried = await unwrap(retryGeneration({ id: generation.id, requestId }));
        unansweredRetries.delete(generation.id);
        return retried;
      } catch (error) {
        // A refusal recorded nothing; only an unanswered call keeps its id for the next press.
        if (error instanceof ActionFailure) unansweredRetries.delete(generation.id);
        throw error;
      }
    },
    onSuccess: (generation, original) => {
      // In the failed card's place, unless the live stream already brought the new job.
      if (generation) settleOptimistic(client, original.id, generation);
    },
    onError: (error, original) => replaceGeneration(client, original.id, refusedRetry(original, errorOf(error))),
  });
}

function refusedRetry(original: GenerationView, error: StudioError): GenerationView {
  return {
    ...original,
    id: `${OPTIMISTIC_PREFIX}${unansweredRetries.get(original.id) ?? crypto.randomUUID()}`,
    status: "failed",
    error,
    creditsUsed: null,
    seed: null,
    createdAt: Date.now(),
    startedAt: null,
    finishedAt: null,
    retryOf: original.id,
    outputs: [],
  };
}

/** Replay's first step joins the gallery at once; the server starts each next step as one succeeds. */
export function useReplayChain() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (imageId: string) => unwrap(replayChain(imageId)),
    onSuccess: (generation) => addToGallery(client, [{ kind: "generation", generation }]),
  });
}

/** "Try on another model": the new branch's card goes on top like any new job's. */
export function useTryOnModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { generationId: string; model: StudioModel }) => unwrap(tryOnModel(input)),
    // The event stream may have brought the new card first: added once, whichever arrives first.
    onSuccess: (generation) => addToGallery(client, [{ kind: "generation", generation }]),
  });
}

export function useCancelGeneration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(cancelGeneration(id)),
    onSuccess: (generation) => applyGeneration(client, generation),
  });
}

export function useDeleteImage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(deleteImage(id)),
    onSuccess: ({ id }) => removeImage(client, id),
  });
}

export function useUploadImages(onUploaded: (images: ImageView[]) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (files: File[]) => {
      const form = new FormData();
      for (const file of files) form.append("files", file, file.name);
      return unwrap(fetchResult<ImageView[]>(API_ROUTES.uploads, { method: "POST", body: form }));
    },
    onSuccess: (images) => {
      addUploads(client, images);
      onUploaded(images);
    },
  });
}

export { errorOf };
