import "server-only";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { generationParameters } from "@/lib/shared/seedream/request";
import type { Reader, StoreContext, Tx } from "./context";
import { StoreError } from "../errors";
import { newRecordId } from "../ids";
import { blobKeysOf, isReadable, removeUnusedBlobs } from "./retention";
import { UNFINISHED_STATUSES } from "@/lib/shared/records";
import type { CreateGenerationInput, GenerationParameters, GenerationRecord, GenerationsPart, ImageRecord } from "../types";
import { readImageUsage } from "./usage";
import { recordVisitor } from "./visitors";


/** A visitor's generations: recording them, reading them, canceling and dismissing them. */
export function generationsPart(context: StoreContext): GenerationsPart {
  const { generations, images } = context.tables;
  return {
    async create(input, admission, options = {}) {
      const parameters = parseParameters(input.parameters);
      // One transaction for the checks and the insert: an input deleted meanwhile cannot slip between
      // them, and writes queue one at a time, so two requests cannot both take a quota's last image.
      return context.db.write(async (tx) => {
        const answered = await alreadyAnswered(context, tx, input);
        if (answered) return answered;
        await recordVisitor(context, tx, input.visitorId);
        // The region's original must be readable too: the composite reads it when the result arrives.
        const wanted = [...new Set([...input.inputImageIds, ...(input.region ? [input.region.imageId] : [])])];
        if (wanted.length > 0) {
          const found = await tx
            .select({ id: images.id })
            .from(images)
            .where(and(inArray(images.id, wanted), eq(images.visitorId, input.visitorId), isReadable(context)));
          if (found.length !== wanted.length) throw new StoreError("not_found", "An input image was not found.");
        }
        if (admission) {
          await context.dialect.lockQuotas(tx);
          admission.admit(await readImageUsage(context, tx, input.visitorId, admission));
        }
        const status = options.running ? { status: "running" as const, startedAt: Date.now() } : { status: "queued" as const };
        return insertGeneration(context, tx, input, { parameters, inputImageIds: [...input.inputImageIds], ...status });
      });
    },

    get: (visitorId, generationId) => findGeneration(context, context.db.orm, visitorId, generationId),

    async withOutputs(visitorId, generationId) {
      const generation = await findGeneration(context, context.db.orm, visitorId, generationId);
      if (!generation) return null;
      const outputs = await outputsOf(context, context.db.orm, [generation.id]);
      return { generation, outputs: outputs.get(generation.id) ?? [] };
    },

    async cancel(visitorId, generationId) {
      const canceled = await context.db.write((tx) =>
        tx
          .update(generations)
          .set({ status: "canceled", finishedAt: Date.now() })
          .where(
            and(
              eq(generations.id, generationId),
              eq(generations.visitorId, visitorId),
              inArray(generations.status, UNFINISHED_STATUSES),
              isNull(generations.deletedAt),
            ),
          )
          .returning({ id: generations.id }),
      );
      return canceled.length > 0;
    },

    async dismiss(visitorId, generationId) {
      const now = Date.now();
      const affectedBlobs = await context.db.write(async (tx) => {
        const generation = await findGeneration(context, tx, visitorId, generationId);
        if (!generation) return null;
        const stillPending = (UNFINISHED_STATUSES as readonly string[]).includes(generation.status);
        await tx
          .update(generations)
          .set(stillPending ? { deletedAt: now, status: "canceled", finishedAt: now } : { deletedAt: now })
          .where(eq(generations.id, generationId));
        const outputs = await tx
          .update(images)
          .set({ deletedAt: now })
          .where(and(eq(images.generationId, generationId), isNull(images.deletedAt)))
          .returning({ blobKey: images.blobKey });
        return [...outputs.map((output) => output.blobKey), ...(await blobKeysOf(context, tx, generation.inputImageIds))];
      });
      if (!affectedBlobs) return false;
      await removeUnusedBlobs(context, affectedBlobs);
      return true;
    },

    /** Never sent, so never started: quotas do not count it (see usage.ts). */
    recordRefused(input, failure) {
      return context.db.write(async (tx) => {
        const answered = await alreadyAnswered(context, tx, input);
        if (answered) return answered;
        await recordVisitor(context, tx, input.visitorId);
        const wanted = [...new Set(input.inputImageIds)];
        const readable =
          wanted.length === 0
            ? []
            : await tx
                .select({ id: images.id })
                .from(images)
                .where(and(inArray(images.id, wanted), eq(images.visitorId, input.visitorId), isReadable(context)));
        const kept = new Set(readable.map((row) => row.id));
        return insertGeneration(context, tx, input, {
          parameters: input.parameters,
          inputImageIds: input.inputImageIds.filter((id) => kept.has(id)),
          status: "failed",
          errorCode: failure.code,
          errorMessage: failure.message,
          finishedAt: Date.now(),
        });
      });
    },
  };
}

type GenerationRow = StoreContext["tables"]["generations"]["$inferInsert"];

async function insertGeneration(
  context: StoreContext,
  tx: Tx,
  input: CreateGenerationInput,
  row: Pick<GenerationRow, "parameters" | "inputImageIds" | "status" | "startedAt" | "errorCode" | "errorMessage" | "finishedAt">,
): Promise<GenerationRecord> {
  const { generations } = context.tables;
  if (input.replayOf) {
    const [original] = await tx
      .select({ id: generations.id })
      .from(generations)
      .where(and(eq(generations.id, input.replayOf), eq(generations.visitorId, input.visitorId)));
    if (!original) throw new StoreError("not_found", "The generation to replay was not found.");
  }
  if (input.takesPlanFrom) {
    await tx
      .update(generations)
      .set({ replayPlan: null })
      .where(and(eq(generations.id, input.takesPlanFrom), eq(generations.visitorId, input.visitorId)));
  }
  const { id, createdAt } = newRecordId();
  const [inserted] = await tx
    .insert(generations)
    .values({
      ...row,
      id,
      visitorId: input.visitorId,
      model: input.model,
      prompt: input.prompt,
      createdAt,
      retryOf: input.retryOf ?? null,
      clientIp: input.clientIp ?? null,
      replayOf: input.replayOf ?? null,
      replayPlan: input.replayPlan?.length ? [...input.replayPlan] : null,
      clientRequestId: input.clientRequestId ?? null,
      region: input.region ?? null,
    })
    .returning();
  if (!inserted) throw new StoreError("write_failed", "The generation row was not written.");
  return inserted;
}

function parseParameters(parameters: GenerationParameters): GenerationParameters {
  const parsed = generationParameters.safeParse(parameters);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new StoreError("invalid_input", `Invalid generation parameters: ${issue?.message ?? "unknown problem"}.`);
}

/**
 * The job this request already stands for: the one recorded under its request id, or the original
 * of a retry that is still on its way (a second call would pay twice for one picture). Read inside
 * the write, so a retry that raced another one sees the original as it is now.
 */
async function alreadyAnswered(context: StoreContext, tx: Tx, input: CreateGenerationInput): Promise<GenerationRecord | null> {
  const already = await findByRequestId(context, tx, input);
  if (already || !input.retryOf) return already;
  const original = await findGeneration(context, tx, input.visitorId, input.retryOf);
  if (!original) throw new StoreError("not_found", "The generation to retry was not found.");
  return (UNFINISHED_STATUSES as readonly string[]).includes(original.status) ? original : null;
}

/** The job a request with this id already recorded for this visitor, dismissed or not. */
async function findByRequestId(context: StoreContext, tx: Tx, input: CreateGenerationInput): Promise<GenerationRecord | null> {
  if (!input.clientRequestId) return null;
  const { generations } = context.tables;
  const [row] = await tx
    .select()
    .from(generations)
    .where(and(eq(generations.visitorId, input.visitorId), eq(generations.clientRequestId, input.clientRequestId)));
  return row ?? null;
}

/** Dismissed generations read as missing, like someone else's. */
export async function findGeneration(
  context: StoreContext,
  reader: Reader,
  visitorId: string,
  generationId: string,
): Promise<GenerationRecord | null> {
  const { generations } = context.tables;
  const [row] = await reader
    .select()
    .from(generations)
    .where(and(eq(generations.id, generationId), eq(generations.visitorId, visitorId), isNull(generations.deletedAt)));
  return row ?? null;
}

/** Each generation's live outputs in index order. */
export async function outputsOf(
  context: StoreContext,
  reader: Reader,
  generationIds: string[],
): Promise<Map<string, ImageRecord[]>> {
  const { images } = context.tables;
  const byGeneration = new Map<string, ImageRecord[]>();
  if (generationIds.length === 0) return byGeneration;
  const rows = await reader
    .select()
    .from(images)
    .where(and(inArray(images.generationId, generationIds), isNull(images.deletedAt)))
    .orderBy(asc(images.outputIndex));
  for (const row of rows) {
    if (!row.generationId) continue;
    byGeneration.set(row.generationId, [...(byGeneration.get(row.generationId) ?? []), row]);
  }
  return byGeneration;
}
