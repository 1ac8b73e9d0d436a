import "server-only";
import type { ImageProvider } from "@/lib/server/engine/types";
import type { EventBus } from "@/lib/server/events/bus";
import { NO_QUOTAS, quotaAdmission, type QuotaLimits } from "@/lib/server/quotas";
import { MODEL_SPECS, providerModelFor, studioModelOf, type StudioModel } from "@/lib/shared/seedream/models";
import { parametersFor } from "@/lib/shared/seedream/translate";
import type { GenerationParameters, GenerationRecord, Store } from "@/lib/server/store";
import { checkReplayRetry, continueReplay, startReplay, type ReplayContext } from "./replay";
import { createJobRunner, type JobRunner } from "./runner";
import { createClaimingRunner } from "./claiming-runner";
import { createAnnouncer } from "./announcer";
import type { JobSignals } from "./job-signals";
import { startGenerationInput, type StartGenerationInput } from "@/lib/shared/start-generation";
import { StoreError } from "@/lib/server/store/errors";
import { checkStorageRoom, NO_DISK_LIMITS, type DiskLimits } from "@/lib/server/uploads/disk-allowance";

export { REPLAY_MAX_STEPS, REPLAY_SENTENCES } from "./replay";
export { startGenerationInput, type StartGenerationInput } from "@/lib/shared/start-generation";
export { recordId } from "@/lib/shared/records";

/** Where a request came from, as the action read it from its headers. */
export interface RequestOrigin {
  clientIp?: string;
}

export interface Jobs {
  /**
   * Records a queued job and returns at once; the runner takes it from there. Throws QuotaError,
   * recording nothing, when the job's images would pass a quota.
   */
  start(visitorId: string, input: StartGenerationInput, origin?: RequestOrigin): Promise<GenerationRecord>;
  /** Null when the id is missing or someone else's. */
  cancel(visitorId: string, generationId: string): Promise<GenerationRecord | null>;
  /**
   * A new job with the same prompt, parameters and inputs, counted by quotas like any other; null
   * when the id is missing or someone else's.
   */
  retry(visitorId: string, generationId: string, origin?: RequestOrigin, requestId?: string): Promise<GenerationRecord | null>;
  /**
   * Re-runs the image's chain of edits from its original (see replay.ts) and returns the first new
   * job; the runner starts each next step as one succeeds. Null when the id is missing or someone
   * else's; throws StoreError invalid_input for an upload or a chain longer than REPLAY_MAX_STEPS,
   * and QuotaError like start.
   */
  replay(visitorId: string, imageId: string, origin?: RequestOrigin): Promise<GenerationRecord | null>;
  /**
   * "Try on another model": the generation's step again (same inputs, prompt and seed) on `model`,
   * as a branch beside it (replay_of names the original). Null when the id is missing or someone
   * else's; throws StoreError invalid_input when the model is the same or takes fewer inputs, and
   * QuotaError like start.
   */
  branch(visitorId: string, generationId: string, model: StudioModel, origin?: RequestOrigin): Promise<GenerationRecord | null>;
  /**
   * The record as the visitor should see it: a job whose end this process could not write to the
   * store reads as interrupted instead of running forever.
   */
  surface(generation: GenerationRecord): GenerationRecord;
  /** At start-up: records the next step of every chain whose process stopped between two steps. */
  resumeReplays(): Promise<number>;
  idle(): Promise<void>;
  /** On SIGTERM: stops taking jobs, waits up to `graceMs` for running ones, hands the rest back. */
  shutdown(graceMs: number): Promise<void>;
}

export interface JobsOptions {
  store: Store;
  provider: ImageProvider;
  maxConcurrency: number;
  deadlineMs: number;
  /** Checked before a job is recorded; none when omitted. */
  quotas?: QuotaLimits;
  /** The studio's storage cap: no job is recorded once the image files reach it. */
  diskLimits?: DiskLimits;
  /** Waits between tries at recording a job's end that the store refused (runner.ts). */
  endWriteRetryMs?: readonly number[];
  /** Where each job's changes are announced to its visitor's pages; none when omitted. */
  events?: EventBus;
  /**
   * Several processes sharing the store's job queue (PostgreSQL): jobs are claimed from the
   * database (claiming-runner.ts) instead of queued in this process.
   */
  shared?: { signals: JobSignals; leaseMs: number; runsJobs: boolean };
}

export function createJobs(options: JobsOptions): Jobs {
  const { store } = options;
  const quotas = options.quotas ?? NO_QUOTAS;
  const admission = (parameters: GenerationParameters, origin: RequestOrigin | undefined) =>
    quotaAdmission(quotas, { images: parameters.num_images ?? 1, clientIp: origin?.clientIp, now: Date.now() });

  /** A job whose end this process could not write reads as interrupted, not as running forever. */
  function surface(generation: GenerationRecord): GenerationRecord {
    const held = runner.unrecordedEnd(generation.id);
    if (!held || (generation.status !== "running" && generation.status !== "queued")) return generation;
    return { ...generation, status: "interrupted", errorCode: held.code, errorMessage: held.message };
  }

  const announceQuietly = createAnnouncer({ store, events: options.events, surface, unrecordedEnd: (id) => runner.unrecordedEnd(id) });

  /** A job just recorded (queued or running, so without outputs), as its write returned it. */
  const announceCreated = (record: GenerationRecord) => void announceQuietly(record.id, { written: { generation: record, outputs: [] } });

  function enqueue(record: GenerationRecord): GenerationRecord {
    announceCreated(record);
    runner.enqueue(record.id);
    return record;
  }

  /** Records a job for the runner: with a slot free, as running in that same write, its call sent at once. */
  async function record(create: (options: { running: boolean }) => Promise<GenerationRecord>): Promise<GenerationRecord> {
    const slot = runner.reserve();
    try {
      const created = await create({ running: slot !== null });
      // A repeated request gets its job as recorded before: slot.run leaves one already held alone.
      if (slot && created.status === "running") {
        // The call first: announced in the same tick, the job's creation still goes out before its end.
        slot.run(created);
        announceCreated(created);
        return created;
      }
      slot?.release();
      return enqueue(created);
    } catch (error) {
      slot?.release();
      throw error;
    }
  }

  const replay: ReplayContext = {
    store,
    admission: (parameters, clientIp) => admission(parameters, { clientIp }),
    enqueue,
  };
  const runnerOptions = {
    ...options,
    onChanged: announceQuietly,
    onSucceeded: (generation: GenerationRecord) =>
      continueReplay(replay, generation).catch((error: unknown) =>
        console.error(`Replay after ${generation.id}: the next step could not be recorded.`, error),
      ),
  };
  const runner: JobRunner =
    options.shared && store.jobQueue
      ? createClaimingRunner({ ...runnerOptions, ...options.shared, queue: store.jobQueue })
      : createJobRunner(runnerOptions);

  return {
    async start(visitorId, input, origin) {
      // Callers in this process are typed, but which fields a model takes is the schema's to say.
      const parsed = startGenerationInput.safeParse(input);
      if (!parsed.success) throw new StoreError("invalid_input", parsed.error.issues[0]?.message ?? "Invalid generation request.");
      const { model, settings, inputImageIds, requestId, region } = parsed.data;
      const { prompt, ...parameters } = settings;
      await checkStorageRoom(store, options.diskLimits ?? NO_DISK_LIMITS);
      // The create records the visitor in its own transaction: no write of its own before it.
      return record((recordAs) =>
        store.generations.create(
          {
            visitorId,
            model: providerModelFor(model, inputImageIds.length),
            prompt,
            parameters,
            inputImageIds,
            clientIp: origin?.clientIp,
            clientRequestId: requestId,
            region,
          },
          admission(parameters, origin),
          recordAs,
        ),
      );
    },

    async cancel(visitorId, generationId) {
      if (await store.generations.cancel(visitorId, generationId)) {
        runner.abort(generationId);
        await announceQuietly(generationId);
      }
      return store.generations.get(visitorId, generationId);
    },

    async retry(visitorId, generationId, origin, requestId) {
      const original = await store.generations.get(visitorId, generationId);
      if (!original) return null;
      // A job still on its way is its own retry: a second call would pay twice for one picture.
      if (original.status === "queued" || original.status === "running") return original;
      await checkReplayRetry(store, original);
      await checkStorageRoom(store, options.diskLimits ?? NO_DISK_LIMITS);
      return record((recordAs) =>
        store.generations.create(
          {
            visitorId,
            model: original.model,
            prompt: original.prompt,
            parameters: original.parameters,
            inputImageIds: original.inputImageIds,
            retryOf: original.id,
            clientIp: origin?.clientIp,
            region: original.region ?? undefined,
            // A replay step's retry carries the rest of its chain on.
            replayOf: original.replayOf ?? undefined,
            replayPlan: original.replayPlan ?? undefined,
            takesPlanFrom: original.replayPlan ? original.id : undefined,
            clientRequestId: requestId,
          },
          admission(original.parameters, origin),
          recordAs,
        ),
      );
    },

    replay: (visitorId, imageId, origin) => startReplay(replay, visitorId, imageId, origin?.clientIp),

    async branch(visitorId, generationId, model, origin) {
      const original = await store.generations.get(visitorId, generationId);
      if (!original) return null;
      const spec = MODEL_SPECS[model];
      if (studioModelOf(original.model) === model) {
        throw new StoreError("invalid_input", `This step already ran on ${spec.name}; pick another model to compare with.`);
      }
      if (original.inputImageIds.length > spec.inputsMax) {
        throw new StoreError("invalid_input", `This step has ${original.inputImageIds.length} inputs and ${spec.name} takes at most ${spec.inputsMax}.`);
      }
      // The seed it actually ran with, so the two models start from the same noise where they can.
      const seed = original.seed ?? original.parameters.seed;
      const parameters = parametersFor(seed === undefined ? original.parameters : { ...original.parameters, seed }, model);
      return record((recordAs) =>
        store.generations.create(
          {
            visitorId,
            model: providerModelFor(model, original.inputImageIds.length),
            prompt: original.prompt,
            parameters,
            inputImageIds: original.inputImageIds,
            replayOf: original.id,
            clientIp: origin?.clientIp,
            // The same inputs on another model: the painted region is kept the same way.
            region: original.region ?? undefined,
          },
          admission(parameters, origin),
          recordAs,
        ),
      );
    },

    async resumeReplays() {
      // Other live processes may be between a step's success and its next step: only a step older
      // than a claim's lease is surely left by a process that is gone.
      const stalled = await store.runs.listStalledReplays(options.shared ? Date.now() - options.shared.leaseMs : undefined);
      for (const step of stalled) await continueReplay(replay, step);
      return stalled.length;
    },

    surface,

    idle: () => runner.idle(),
    shutdown: (graceMs) => runner.shutdown(graceMs),
  };
}
