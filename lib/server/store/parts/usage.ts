import "server-only";
import { and, asc, eq, gt, gte, isNotNull, or, sql, type SQL } from "drizzle-orm";
import type { CountedGeneration, GenerationAdmission, ImageUsage, Spend, UsagePart } from "../types";
import type { Reader, StoreContext, Tables } from "./context";

/**
 * A generation counts toward quotas once recorded, unless it ended without reaching the provider:
 * canceled, failed or interrupted while still queued (never started). Deleting a card does not
 * give its images back, and a failed call that did start counts, since the provider may have charged.
 */
function countsTowardQuota({ generations }: Tables): SQL {
  return or(isNotNull(generations.startedAt), eq(generations.status, "queued"))!;
}

/** Read inside the write that records a generation, after the quota lock, so two cannot both take the last image. */
export async function readImageUsage(
  context: StoreContext,
  reader: Reader,
  visitorId: string,
  admission: GenerationAdmission,
): Promise<ImageUsage> {
  const { windowStart, clientIp, dayStart } = admission;
  const { generations } = context.tables;
  return {
    visitor:
      windowStart === undefined ? [] : await countedAfter(context, reader, eq(generations.visitorId, visitorId), windowStart),
    clientIp:
      windowStart === undefined || clientIp === undefined
        ? []
        : await countedAfter(context, reader, eq(generations.clientIp, clientIp), windowStart),
    deploymentToday: dayStart === undefined ? 0 : await imagesSince(context, reader, dayStart),
  };
}

async function countedAfter(context: StoreContext, reader: Reader, whose: SQL, windowStart: number): Promise<CountedGeneration[]> {
  const { generations } = context.tables;
  return reader
    .select({ createdAt: generations.createdAt, images: context.dialect.requestedImages(context.tables) })
    .from(generations)
    .where(and(whose, gt(generations.createdAt, windowStart), countsTowardQuota(context.tables)))
    .orderBy(asc(generations.createdAt));
}

async function imagesSince(context: StoreContext, reader: Reader, dayStart: number): Promise<number> {
  const { generations } = context.tables;
  const requested = context.dialect.requestedImages(context.tables);
  const [row] = await reader
    .select({ images: sql<number>`coalesce(sum(${requested}), 0)`.mapWith(Number) })
    .from(generations)
    .where(and(gte(generations.createdAt, dayStart), countsTowardQuota(context.tables)));
  return row?.images ?? 0;
}

export function usagePart(context: StoreContext): UsagePart {
  return {
    /** Outputs stored (deleted ones too: deleting does not refund) and credits reported, per succeeded generation. */
    async spendSince(since, visitorId): Promise<Spend> {
      const { generations, images } = context.tables;
      const outputs = sql`(SELECT count(*) FROM ${images} WHERE ${images.generationId} = ${generations.id})`;
      const [row] = await context.db.orm
        .select({
          images: sql<number>`coalesce(sum(${outputs}), 0)`.mapWith(Number),
          credits: sql<number>`coalesce(sum(${generations.creditsUsed}), 0)`.mapWith(Number),
        })
        .from(generations)
        .where(
          and(
            eq(generations.status, "succeeded"),
            gte(generations.createdAt, since),
            visitorId === undefined ? undefined : eq(generations.visitorId, visitorId),
          ),
        );
      return { images: row?.images ?? 0, credits: row?.credits ?? 0 };
    },
  };
}
