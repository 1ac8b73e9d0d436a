import "server-only";
import { and, asc, eq, gt, gte, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { generations, images } from "./schema";
import type { Database, Reader } from "./db";
import type { CountedGeneration, GenerationAdmission, ImageUsage, Spend, UsagePart } from "../types";

/**
 * A generation counts toward quotas once recorded, unless it ended without reaching the provider:
 * canceled, failed or interrupted while still queued (never started). Deleting a card does not
 * give its images back, and a failed call that did start counts, since the provider may have charged.
 */
const countsTowardQuota: SQL = or(isNotNull(generations.startedAt), eq(generations.status, "queued"))!;

/** num_images is optional in the request; the provider's default is one. */
const requestedImages = sql<number>`coalesce(json_extract(${generations.parameters}, '$.num_images'), 1)`.mapWith(Number);

export async function readImageUsage(reader: Reader, visitorId: string, admission: GenerationAdmission): Promise<ImageUsage> {
  const { windowStart, clientIp, dayStart } = admission;
  return {
    visitor: windowStart === undefined ? [] : await countedAfter(reader, eq(generations.visitorId, visitorId), windowStart),
    clientIp:
      windowStart === undefined || clientIp === undefined
        ? []
        : await countedAfter(reader, eq(generations.clientIp, clientIp), windowStart),
    deploymentToday: dayStart === undefined ? 0 : await imagesSince(reader, dayStart),
  };
}

async function countedAfter(reader: Reader, whose: SQL, windowStart: number): Promise<CountedGeneration[]> {
  return reader
    .select({ createdAt: generations.createdAt, images: requestedImages })
    .from(generations)
    .where(and(whose, gt(generations.createdAt, windowStart), countsTowardQuota))
    .orderBy(asc(generations.createdAt));
}

async function imagesSince(reader: Reader, dayStart: number): Promise<number> {
  const [row] = await reader
    .select({ images: sql<number>`coalesce(sum(${requestedImages}), 0)`.mapWith(Number) })
    .from(generations)
    .where(and(gte(generations.createdAt, dayStart), countsTowardQuota));
  return row?.images ?? 0;
}

export function usagePart(db: Database): UsagePart {
  return { spendSince: (since, visitorId) => spendSince(db.orm, since, visitorId) };
}

/** Outputs stored (deleted ones too: deleting does not refund) and credits reported, per succeeded generation. */
async function spendSince(reader: Reader, since: number, visitorId?: string): Promise<Spend> {
  const outputs = sql`(SELECT count(*) FROM ${images} WHERE ${images.generationId} = ${generations.id})`;
  const [row] = await reader
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
}
