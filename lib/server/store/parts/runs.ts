import "server-only";
import { and, asc, eq, inArray, isNotNull, lt } from "drizzle-orm";
import { StoreError } from "../errors";
import { insertImage, storeBlob, type StoredBlob } from "./images";
import { removeUnusedBlobs } from "./retention";
import { blobKeyFor } from "../blobs/blob-store";
import { addToAutoAddBoard } from "./boards";
import { UNFINISHED_STATUSES } from "@/lib/shared/records";
import type { Reader, StoreContext } from "./context";
import type { GenerationRecord, ImageRecord, RunsPart } from "../types";

/**
 * The runner's side of a generation: unscoped by visitor, because the runner only ever holds ids
 * that the store itself handed out. Every transition names the state it starts from, so a job
 * canceled by its visitor cannot be revived by a runner that has not noticed yet.
 */
export function runsPart(context: StoreContext): RunsPart {
  const { generations } = context.tables;
  const readGeneration = async (reader: Reader, generationId: string): Promise<GenerationRecord | null> => {
    const [row] = await reader.select().from(generations).where(eq(generations.id, generationId));
    return row ?? null;
  };
  return {
    get: (generationId) => readGeneration(context.db.orm, generationId),

    async markRunning(generationId) {
      const started = await context.db.write((tx) =>
        tx
          .update(generations)
          .set({ status: "running", startedAt: Date.now() })
          .where(and(eq(generations.id, generationId), eq(generations.status, "queued")))
          .returning({ id: generations.id }),
      );
      return started.length > 0;
    },

    /**
     * Outputs are written to the blob store first (slow, outside any transaction); then, in one
     * transaction, their rows and the move to succeeded, only if the job is still running. A job
     * canceled while the provider was working gets nothing: its files are removed again.
     */
    async complete(generationId, outcome, owner) {
      if (outcome.outputs.length === 0) {
        throw new StoreError("invalid_input", "A generation cannot succeed without at least one image.");
      }
      const stillOurs = (generation: GenerationRecord | null) =>
        generation?.status === "running" && (owner === undefined || generation.leaseOwner === owner);
      if (!stillOurs(await readGeneration(context.db.orm, generationId))) return null;

      const stored: StoredBlob[] = [];
      try {
        for (const output of outcome.outputs) stored.push(await storeBlob(context, output));
        const completed = await context.db.write(async (tx) => {
          await context.dialect.lockGeneration(tx, generationId);
          const generation = await readGeneration(tx, generationId);
          if (!generation || !stillOurs(generation)) return null;
          const seed = outcome.seed ?? generation.parameters.seed;
          const outputs: ImageRecord[] = [];
          for (const [outputIndex, output] of outcome.outputs.entries()) {
            const blob = stored[outputIndex];
            if (!blob) throw new StoreError("write_failed", "An output was not written to disk.");
            const { bytes, mime, width, height } = output;
            const outputSeed = outcome.outputSeeds?.[outputIndex] ?? seed;
            const image = { visitorId: generation.visitorId, bytes, mime, width, height, seed: outputSeed };
            outputs.push(await insertImage(context, tx, { ...image, origin: "output", generationId, outputIndex }, blob));
          }
          await addToAutoAddBoard(context, tx, generation.visitorId, outputs.map((output) => output.id));
          const [succeeded] = await tx
            .update(generations)
            .set({
              status: "succeeded",
              finishedAt: Date.now(),
              seed: outcome.seed ?? null,
              creditsUsed: outcome.creditsUsed ?? null,
              providerRequestId: outcome.providerRequestId ?? null,
              regionOutcomes: outcome.regionOutcomes ?? null,
              ...(outcome.shortfall && { errorCode: outcome.shortfall.code, errorMessage: outcome.shortfall.message }),
            })
            .where(and(eq(generations.id, generationId), eq(generations.status, "running")))
            .returning();
          return succeeded ? { generation: succeeded, outputs } : null;
        });
        if (!completed) await removeUnusedBlobs(context, stored.map((blob) => blob.key));
        else for (const [index, blob] of stored.entries()) context.thumbnails.start(blob.key, blob.bytes, outcome.outputs[index]?.thumbnail);
        return completed;
      } catch (error) {
        await removeUnusedBlobs(context, stored.map((blob) => blob.key));
        throw error;
      }
    },

    async writeAhead(bytes) {
      const key = blobKeyFor(bytes);
      await context.blobs.put("original", key, bytes);
      return key;
    },

    dropUnlanded: (blobKeys) => removeUnusedBlobs(context, blobKeys),

    async fail(generationId, failure, status = "failed", owner) {
      const failed = await context.db.write((tx) =>
        tx
          .update(generations)
          .set({ status, errorCode: failure.code, errorMessage: failure.message, finishedAt: Date.now() })
          .where(
            and(
              eq(generations.id, generationId),
              inArray(generations.status, UNFINISHED_STATUSES),
              owner === undefined ? undefined : eq(generations.leaseOwner, owner),
            ),
          )
          .returning({ id: generations.id }),
      );
      return failed.length > 0;
    },

    /**
     * Only correct while one process owns the database: at its start-up nothing else can be running
     * a job. With several instances this becomes lease expiry (see DESIGN.md, Scale-out).
     */
    async interruptUnfinished(failure) {
      const interrupted = await context.db.write((tx) =>
        tx
          .update(generations)
          .set({ status: "interrupted", errorCode: failure.code, errorMessage: failure.message, finishedAt: Date.now() })
          .where(inArray(generations.status, UNFINISHED_STATUSES))
          .returning({ id: generations.id }),
      );
      return interrupted.length;
    },

    /**
     * A replay step's plan is cleared when its next step is recorded, so a succeeded step still holding
     * one stopped in between: the process died after the step succeeded and before the next was written.
     */
    listStalledReplays: (finishedBefore) =>
      context.db.orm
        .select()
        .from(generations)
        .where(
          and(
            eq(generations.status, "succeeded"),
            isNotNull(generations.replayPlan),
            finishedBefore === undefined ? undefined : lt(generations.finishedAt, finishedBefore),
          ),
        )
        .orderBy(asc(generations.createdAt)),
  };
}
