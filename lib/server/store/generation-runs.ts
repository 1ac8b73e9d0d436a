import "server-only";
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { StoreContext } from "./context";
import { StoreError } from "./errors";
import { insertImage, storeBlob, type StoredBlob } from "./images";
import { removeUnusedBlobs } from "./retention";
import { generations } from "./schema";
import { UNFINISHED_STATUSES } from "@/lib/shared/records";
import type { GenerationFailure, GenerationOutcome, GenerationRecord } from "./types";

/**
 * The runner's side of a generation: unscoped by visitor, because the runner only ever holds ids
 * that the store itself handed out. Every transition names the state it starts from, so a job
 * canceled by its visitor cannot be revived by a runner that has not noticed yet.
 */

export async function getGenerationForRunner(context: StoreContext, generationId: string): Promise<GenerationRecord | null> {
  const [row] = await context.db.orm.select().from(generations).where(eq(generations.id, generationId));
  return row ?? null;
}

export async function markRunning(context: StoreContext, generationId: string): Promise<boolean> {
  const started = await context.db.write((tx) =>
    tx
      .update(generations)
      .set({ status: "running", startedAt: Date.now() })
      .where(and(eq(generations.id, generationId), eq(generations.status, "queued")))
      .returning({ id: generations.id }),
  );
  return started.length > 0;
}

/**
 * Outputs are written to disk first (slow, outside any transaction); then, in one transaction,
 * their rows and the move to succeeded, only if the job is still running. A job canceled while
 * the provider was working gets nothing: its files are removed again and the answer is dropped.
 */
export async function completeGeneration(
  context: StoreContext,
  generationId: string,
  outcome: GenerationOutcome,
): Promise<GenerationRecord | null> {
  if (outcome.outputs.length === 0) {
    throw new StoreError("invalid_input", "A generation cannot succeed without at least one image.");
  }
  const before = await getGenerationForRunner(context, generationId);
  if (before?.status !== "running") return null;

  const stored: StoredBlob[] = [];
  try {
    for (const output of outcome.outputs) stored.push(await storeBlob(context, output));
    const completed = await context.db.write(async (tx) => {
      const [generation] = await tx.select().from(generations).where(eq(generations.id, generationId));
      if (generation?.status !== "running") return null;
      const seed = outcome.seed ?? generation.parameters.seed;
      for (const [outputIndex, output] of outcome.outputs.entries()) {
        const blob = stored[outputIndex];
        if (!blob) throw new StoreError("write_failed", "An output was not written to disk.");
        const { bytes, mime, width, height } = output;
        const image = { visitorId: generation.visitorId, bytes, mime, width, height, seed };
        await insertImage(context, tx, { ...image, origin: "output", generationId, outputIndex }, blob);
      }
      const [succeeded] = await tx
        .update(generations)
        .set({
          status: "succeeded",
          finishedAt: Date.now(),
          seed: outcome.seed ?? null,
          creditsUsed: outcome.creditsUsed ?? null,
          providerRequestId: outcome.providerRequestId ?? null,
          regionOutcomes: outcome.regionOutcomes ?? null,
        })
        .where(and(eq(generations.id, generationId), eq(generations.status, "running")))
        .returning();
      return succeeded ?? null;
    });
    if (!completed) await removeUnusedBlobs(context, stored.map((blob) => blob.key));
    else for (const blob of stored) context.thumbnails.start(blob.key, blob.bytes);
    return completed;
  } catch (error) {
    await removeUnusedBlobs(context, stored.map((blob) => blob.key));
    throw error;
  }
}

export async function failGeneration(
  context: StoreContext,
  generationId: string,
  failure: GenerationFailure,
  status: "failed" | "interrupted" = "failed",
): Promise<boolean> {
  const failed = await context.db.write((tx) =>
    tx
      .update(generations)
      .set({ status, errorCode: failure.code, errorMessage: failure.message, finishedAt: Date.now() })
      .where(and(eq(generations.id, generationId), inArray(generations.status, UNFINISHED_STATUSES)))
      .returning({ id: generations.id }),
  );
  return failed.length > 0;
}

/**
 * Only correct while one process owns the database: at its start-up nothing else can be running
 * a job. With several instances this becomes lease expiry (see DESIGN.md, Scale-out).
 */
export async function interruptUnfinished(context: StoreContext, failure: GenerationFailure): Promise<number> {
  const interrupted = await context.db.write((tx) =>
    tx
      .update(generations)
      .set({ status: "interrupted", errorCode: failure.code, errorMessage: failure.message, finishedAt: Date.now() })
      .where(inArray(generations.status, UNFINISHED_STATUSES))
      .returning({ id: generations.id }),
  );
  return interrupted.length;
}

/**
 * A replay step's plan is cleared when its next step is recorded, so a succeeded step still holding
 * one stopped in between: the process died after the step succeeded and before the next was written.
 */
export async function listStalledReplays(context: StoreContext): Promise<GenerationRecord[]> {
  return context.db.orm
    .select()
    .from(generations)
    .where(and(eq(generations.status, "succeeded"), isNotNull(generations.replayPlan)))
    .orderBy(asc(generations.createdAt));
}
