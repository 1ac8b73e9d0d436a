import "server-only";
import { toStudioError } from "@/lib/server/errors";
import type { StudioError } from "@/lib/shared/errors";
import type { KeepRegion } from "@/lib/shared/marks/region";
import type { ChainLink, CreateGenerationInput, GenerationAdmission, GenerationRecord, ReplayStep, Store } from "@/lib/server/store";
import { isStoreError, StoreError } from "@/lib/server/store/errors";

/**
 * Replay chain: an image's path back through first inputs, re-run from its original upload (or
 * text-to-image job) as new jobs, one after another, with each step's prompt, parameters and the
 * seed the original actually used. Each new step's first input is the previous new step's output at
 * the index the original path took; its other inputs stay the original images.
 *
 * The chain lives in the store, not in this process: every step carries the steps still to run
 * (replay_plan). When a step succeeds the runner records the next one, which takes the plan over
 * in the same write. A step that fails, is canceled or is interrupted keeps the plan, and its Retry
 * carries it on. When the next step cannot even be recorded (a quota, an input deleted meanwhile),
 * it is recorded as failed with the reason, never sent: the person sees the sentence on a card where
 * the chain stopped, and Retry there continues it.
 */

/** Every step is a paid provider call; a hundred of them already take most of an hour. */
export const REPLAY_MAX_STEPS = 100;

export const REPLAY_SENTENCES = {
  upload: "This image is an upload, not an edit: there is no chain of steps to replay.",
  tooLong: `This image is more than ${REPLAY_MAX_STEPS} steps from its original; Replay chain re-runs at most ${REPLAY_MAX_STEPS}.`,
  inputGone: "An image this replay step needs has been deleted, so the chain stopped here.",
  cannotRetry: "This replay step is missing an image it needs, so it can't run again; replay the chain from its last image instead.",
  outputMissing: (fromOutput: number) =>
    `The step before made no image ${fromOutput + 1}, which the original path continued from, so the chain stopped here.`,
} as const;

export interface ReplayContext {
  store: Store;
  admission(parameters: GenerationRecord["parameters"], clientIp: string | undefined): GenerationAdmission | undefined;
  enqueue(record: GenerationRecord): GenerationRecord;
}

/** The first new job, or null when the image is missing or someone else's. */
export async function startReplay(
  replay: ReplayContext,
  visitorId: string,
  imageId: string,
  clientIp: string | undefined,
): Promise<GenerationRecord | null> {
  const links = await replay.store.lineage.chain(visitorId, imageId, REPLAY_MAX_STEPS + 1);
  if (!links) return null;
  if (links.length === 0) throw new StoreError("invalid_input", REPLAY_SENTENCES.upload);
  if (links.length > REPLAY_MAX_STEPS) throw new StoreError("invalid_input", REPLAY_SENTENCES.tooLong);
  const rootFirst = [...links].reverse();
  const [first] = rootFirst;
  if (!first) return null;
  // The first step starts where the original did: same upload (or none), same other inputs.
  const input = stepInput(first.generation, first.generation.inputImageIds, planAfter(rootFirst), clientIp);
  return replay.enqueue(await replay.store.generations.create(input, replay.admission(input.parameters, clientIp)));
}

/** Each later step continues from the output its original's first input was. */
function planAfter(rootFirst: readonly ChainLink[]): ReplayStep[] {
  return rootFirst.slice(1).map((link, index) => ({
    generationId: link.generation.id,
    fromOutput: rootFirst[index]!.outputIndex,
  }));
}

/** Called by the runner once a job has succeeded; a job without a plan has nothing to follow it. */
export async function continueReplay(replay: ReplayContext, step: GenerationRecord): Promise<void> {
  const [next, ...rest] = step.replayPlan ?? [];
  if (!next) return;
  const { store } = replay;
  const original = await store.runs.get(next.generationId);
  // Plans are written by this module from the visitor's own chain; anything else is a bug.
  if (original?.visitorId !== step.visitorId) throw new Error(`Replay step ${step.id} names an unknown original.`);

  const outputs = (await store.generations.withOutputs(step.visitorId, step.id))?.outputs ?? [];
  const primary = outputs.find((output) => output.outputIndex === next.fromOutput);
  const others = original.inputImageIds.slice(1);
  const clientIp = step.clientIp ?? undefined;
  const input: CreateGenerationInput = {
    ...stepInput(original, primary ? [primary.id, ...others] : others, rest, clientIp),
    takesPlanFrom: step.id,
  };
  try {
    if (!primary) throw new StoreError("invalid_input", REPLAY_SENTENCES.outputMissing(next.fromOutput));
    replay.enqueue(await store.generations.create(input, replay.admission(input.parameters, clientIp)));
  } catch (error) {
    await store.generations.recordRefused(input, refusal(error));
  }
}

/**
 * A refused step is recorded without the inputs that were gone (see recordRefusedGeneration), so
 * retrying it would send a different edit: refused with a sentence instead.
 */
export async function checkReplayRetry(store: Store, generation: GenerationRecord): Promise<void> {
  if (!generation.replayOf) return;
  const original = await store.runs.get(generation.replayOf);
  if (original && original.inputImageIds.length !== generation.inputImageIds.length) {
    throw new StoreError("invalid_input", REPLAY_SENTENCES.cannotRetry);
  }
}

/** The original's prompt and parameters, with the seed it actually ran with when the provider said. */
function stepInput(
  original: GenerationRecord,
  inputImageIds: readonly string[],
  plan: readonly ReplayStep[],
  clientIp: string | undefined,
): CreateGenerationInput {
  const seed = original.seed ?? original.parameters.seed;
  const region = regionFor(original, inputImageIds);
  return {
    visitorId: original.visitorId,
    model: original.model,
    prompt: original.prompt,
    parameters: seed === undefined ? original.parameters : { ...original.parameters, seed },
    inputImageIds,
    replayOf: original.id,
    replayPlan: plan,
    clientIp,
    ...(region ? { region } : {}),
  };
}

/**
 * A step made with a painted region is re-run with it, so it again keeps everything outside. The
 * region was drawn on one of the step's inputs, so it follows that input's place: on the first
 * input of a later step it lands on the new step's output taking that place. A region on an image
 * the step did not send itself (the clean original of a marked copy) stays on that image.
 */
function regionFor(original: GenerationRecord, inputImageIds: readonly string[]): KeepRegion | undefined {
  const region = original.region;
  if (!region) return undefined;
  const place = original.inputImageIds.indexOf(region.imageId);
  const moved = place >= 0 && inputImageIds.length === original.inputImageIds.length ? inputImageIds[place] : undefined;
  return { ...region, imageId: moved ?? region.imageId };
}

function refusal(error: unknown): StudioError {
  if (isStoreError(error) && error.code === "not_found") {
    return { code: "not_found", message: REPLAY_SENTENCES.inputGone, retryable: false };
  }
  return toStudioError(error);
}
