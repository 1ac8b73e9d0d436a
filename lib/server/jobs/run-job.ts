import "server-only";
import type { ImageProvider } from "@/lib/server/engine/types";
import { toStudioError } from "@/lib/server/errors";
import { buildProviderRequests } from "@/lib/shared/seedream/build-request";
import { randomSeed } from "@/lib/shared/seedream/seeds";
import type { GenerationParameters, GenerationRecord, GenerationWithOutputs, Store } from "@/lib/server/store";
import type { Announcement } from "./announcer";
import { recordEndOrHold, type UnrecordedEnds } from "./unrecorded-ends";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";
import { keepOutsideRegion } from "@/lib/server/marks/keep-outside";
import { runProviderCalls, shortfallSentence } from "./provider-calls";
import { createWriteAhead } from "./write-ahead";
import { inputImages, type InputImage, type InputImages } from "@/lib/server/seedream/input-images";

/** What every runner gives a job: where it is stored, who makes the images, and what to tell whom. */
export interface RunJobContext {
  store: Store;
  provider: ImageProvider;
  /** A job's whole life once running: inputs read, provider call, outputs stored. */
  deadlineMs: number;
  unrecorded: UnrecordedEnds;
  /** Waits between tries at recording a job's end when the store refuses the write (a full disk). */
  endWriteRetryMs?: readonly number[];
  /**
   * After each status the runner records (running, succeeded, failed), for the page to hear of it;
   * with a success, the job as its write returned it and the thumbnails its decode check made.
   */
  onChanged?: (generationId: string, success?: Required<Announcement>) => Promise<void>;
  /** Awaited before the job leaves the runner, so idle() also waits for whatever it starts. */
  onSucceeded?: (generation: GenerationRecord) => Promise<void>;
}

/** How a job claimed from a shared database runs: its ends are written only while the claim is its own. */
export interface JobClaim {
  owner: string;
  /** Recorded before the provider is asked; false when the job is no longer this process's to run. */
  beforeProviderCall(): Promise<boolean>;
}

/** How a runner holds the job it hands over. */
interface HeldJob {
  /** A job claimed from the shared queue (PostgreSQL): the claim is checked before the call. */
  claim?: JobClaim;
  /**
   * The job as the write that recorded it running returned it, a moment ago in this process: read
   * again, it would wait behind every other start's write, and so would its call.
   */
  recorded?: GenerationRecord;
}

/**
 * Runs one job that is already `running`: reads its inputs, calls the provider, stores the outputs
 * and records the end. `cancel` aborts the provider call; the store decides what the job reads as.
 */
export async function runJob(context: RunJobContext, id: string, cancel: AbortController, { claim, recorded }: HeldJob = {}): Promise<void> {
  const { store, provider } = context;
  const deadline = AbortSignal.timeout(context.deadlineMs);
  const signal = AbortSignal.any([cancel.signal, deadline]);
  let succeeded: GenerationWithOutputs | null = null;
  const ahead = createWriteAhead(store);
  let landed: Buffer[] = [];
  let thumbnails: Promise<(Buffer | null)[]> | undefined;
  try {
    const generation = recorded ?? (await store.runs.get(id));
    // Canceled between being recorded and this read: no call is made for it.
    if (generation?.status !== "running") return;
    // The newer models answer without a seed, so the studio picks one when the person did not.
    const baseSeed = generation.parameters.seed ?? randomSeed();
    const inputs = await storedInputs(store, generation);
    const requests = buildProviderRequests(generation.model, settingsOf(generation), inputs.references, baseSeed);
    if (claim && !(await claim.beforeProviderCall())) return;
    // Outputs composited into a region are new bytes: only the model's own are worth writing early.
    const writeAhead = generation.region ? undefined : ahead.write;
    const result = await runProviderCalls(provider, requests, { signal, inputs, writeAhead });
    const oneImage = result.outputSeeds.some((seed) => seed !== undefined);
    const kept = await keepOutsideRegion(store, generation, result.images);
    // A cancel that lands now finds the job no longer running, and the outputs are dropped.
    const outcome = {
      ...kept,
      seed: oneImage ? baseSeed : result.reportedSeed,
      outputSeeds: oneImage ? result.outputSeeds : undefined,
      creditsUsed: result.creditsUsed,
      providerRequestId: result.requestId,
      shortfall: result.shortfall && { code: result.shortfall.code, message: shortfallSentence(result.shortfall) },
    };
    succeeded = await store.runs.complete(id, outcome, claim?.owner);
    if (succeeded) {
      landed = kept.outputs.map((output) => output.bytes);
      // Made already in the check (a composite's, from its pixels): in hand, not read back from the store.
      thumbnails = Promise.all(kept.outputs.map((output) => output.thumbnail?.made() ?? null));
    }
  } catch (error) {
    if (cancel.signal.aborted) return ahead.settle([]);
    const failure = deadline.aborted ? new SeedreamError("provider_timeout", { cause: error }) : error;
    const { code, message } = toStudioError(failure);
    const writer = { store, unrecorded: context.unrecorded, retryMs: context.endWriteRetryMs, owner: claim?.owner };
    await recordEndOrHold(writer, id, { code, message });
  }
  await context.onChanged?.(id, succeeded ? { written: succeeded, made: (await thumbnails) ?? [] } : undefined);
  await ahead.settle(landed);
  // Outside the try: what follows a success is not this job's failure.
  if (succeeded) await context.onSucceeded?.(succeeded.generation);
}

function settingsOf(generation: GenerationRecord) {
  const parameters: GenerationParameters = generation.parameters;
  return { ...parameters, prompt: generation.prompt };
}

/**
 * Inputs go to the provider as data URLs (a private deployment is not reachable from outside),
 * read from the store while each request is sent rather than held here for the job's whole life.
 */
async function storedInputs(store: Store, generation: GenerationRecord): Promise<InputImages> {
  const images = await Promise.all(
    generation.inputImageIds.map(async (imageId): Promise<InputImage> => {
      const image = await store.images.get(generation.visitorId, imageId);
      if (!image) throw inputGone();
      return {
        mime: image.mime,
        size: image.bytes,
        async open() {
          const opened = await store.images.open(generation.visitorId, imageId, "original");
          if (!opened) throw inputGone();
          return opened.stream;
        },
      };
    }),
  );
  return inputImages(images);
}

function inputGone(): SeedreamError {
  return new SeedreamError("invalid_request", { detail: "An input image of this generation is gone." });
}
