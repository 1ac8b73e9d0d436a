import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { generationSettings } from "@/lib/shared/seedream/schema";
import type { StoreContext } from "./context";
import type { Reader, Tx } from "./db";
import { StoreError } from "./errors";
import { newRecordId } from "./ids";
import { blobKeysOf, isReadable, removeUnusedBlobs } from "./retention";
import { generations, images } from "./schema";
import { UNFINISHED_STATUSES } from "@/lib/shared/records";
import type {
  CreateGenerationInput,
  GenerationAdmission,
  GenerationFailure,
  GenerationParameters,
  GenerationRecord,
} from "./types";
import { readImageUsage } from "./usage";
import { recordVisitor } from "./visitors";

/** The same schema the form and the action use, minus the prompt, which has its own column. */
const generationParameters = generationSettings.omit({ prompt: true });

export async function createGeneration(
  context: StoreContext,
  input: CreateGenerationInput,
  admission?: GenerationAdmission,
): Promise<GenerationRecord> {
  const parameters = parseParameters(input.parameters);
  // One transaction for the checks and the insert: an input deleted meanwhile cannot slip between
  // them, and writes queue one at a time, so two requests cannot both take a quota's last image.
  return context.db.write(async (tx) => {
    const already = await findByRequestId(tx, input);
    if (already) return already;
    if (input.retryOf) {
      // Read here, inside the write: a retry that raced another one sees the original as it is now.
      const original = await findGeneration(tx, input.visitorId, input.retryOf);
      if (!original) throw new StoreError("not_found", "The generation to retry was not found.");
      if ((UNFINISHED_STATUSES as readonly string[]).includes(original.status)) return original;
    }
    await recordVisitor(tx, input.visitorId);
    // The region's original must be readable too: the composite reads it when the result arrives.
    const wanted = [...new Set([...input.inputImageIds, ...(input.region ? [input.region.imageId] : [])])];
    if (wanted.length > 0) {
      const found = await tx
        .select({ id: images.id })
        .from(images)
        .where(and(inArray(images.id, wanted), eq(images.visitorId, input.visitorId), isReadable()));
      if (found.length !== wanted.length) throw new StoreError("not_found", "An input image was not found.");
    }
    admission?.admit(await readImageUsage(tx, input.visitorId, admission));
    return insertGeneration(tx, input, { parameters, inputImageIds: [...input.inputImageIds], status: "queued" });
  });
}

/** Never sent, so never started: quotas do not count it (see usage.ts). */
export async function recordRefusedGeneration(
  context: StoreContext,
  input: CreateGenerationInput,
  failure: GenerationFailure,
): Promise<GenerationRecord> {
  return context.db.write(async (tx) => {
    await recordVisitor(tx, input.visitorId);
    const wanted = [...new Set(input.inputImageIds)];
    const readable =
      wanted.length === 0
        ? []
        : await tx
            .select({ id: images.id })
            .from(images)
            .where(and(inArray(images.id, wanted), eq(images.visitorId, input.visitorId), isReadable()));
    const kept = new Set(readable.map((row) => row.id));
    return insertGeneration(tx, input, {
      parameters: input.parameters,
      inputImageIds: input.inputImageIds.filter((id) => kept.has(id)),
      status: "failed",
      errorCode: failure.code,
      errorMessage: failure.message,
      finishedAt: Date.now(),
    });
  });
}

/** The job a request with this id already recorded for this visitor, deleted or not. */
async function findByRequestId(tx: Tx, input: CreateGenerationInput): Promise<GenerationRecord | null> {
  if (!input.clientRequestId) return null;
  const [row] = await tx
    .select()
    .from(generations)
    .where(and(eq(generations.visitorId, input.visitorId), eq(generations.clientRequestId, input.clientRequestId)));
  return row ?? null;
}

type GenerationRow = typeof generations.$inferInsert;

async function insertGeneration(
  tx: Tx,
  input: CreateGenerationInput,
  row: Pick<GenerationRow, "parameters" | "inputImageIds" | "status" | "errorCode" | "errorMessage" | "finishedAt">,
): Promise<GenerationRecord> {
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

/** Dismissed generations read as missing, like someone else's. */
export async function findGeneration(
  reader: Reader,
  visitorId: string,
  generationId: string,
): Promise<GenerationRecord | null> {
  const [row] = await reader
    .select()
    .from(generations)
    .where(and(eq(generations.id, generationId), eq(generations.visitorId, visitorId), isNull(generations.deletedAt)));
  return row ?? null;
}

export async function cancelGeneration(context: StoreContext, visitorId: string, generationId: string): Promise<boolean> {
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
}

export async function deleteGeneration(context: StoreContext, visitorId: string, generationId: string): Promise<boolean> {
  const now = Date.now();
  const affectedBlobs = await context.db.write(async (tx) => {
    const generation = await findGeneration(tx, visitorId, generationId);
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
    return [...outputs.map((output) => output.blobKey), ...(await blobKeysOf(tx, generation.inputImageIds))];
  });
  if (!affectedBlobs) return false;
  await removeUnusedBlobs(context, affectedBlobs);
  return true;
}
