import * as z from "@/lib/shared/zod";
import type { MODELS } from "@/lib/shared/seedream/limits";
import type { generationParameters } from "@/lib/shared/seedream/request";

/**
 * The studio's record vocabulary, one home for what the store, the jobs, the views and the browser
 * all name: ids, statuses, models, image types.
 */

/** Record ids are UUIDs; anything else (path tricks, SQL, a visitor id) is refused before the store. */
export const recordId = z.uuid({ error: "That is not an image or generation id." });

/** The image types the studio stores and serves; everything else is converted on upload. */
export type ImageMime = "image/png" | "image/jpeg" | "image/webp";

export const GENERATION_STATUSES = ["queued", "running", "succeeded", "failed", "canceled", "interrupted"] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];
export const UNFINISHED_STATUSES = ["queued", "running"] as const satisfies readonly GenerationStatus[];

export type SeedreamModel = (typeof MODELS)[number];
/** What a person chose besides the prompt: size, count, seed, and the model's own switches. */
export type GenerationParameters = z.infer<typeof generationParameters>;

/**
 * One step still to run in a replayed chain: the original generation to re-run, and which output of
 * the step before it (by output index) becomes its first input, as on the original path.
 */
export interface ReplayStep {
  generationId: string;
  fromOutput: number;
}
