import "server-only";
import type { CountedGeneration, GenerationAdmission, ImageUsage } from "@/lib/server/store/types";
import { dailyRefusal, hourlyRefusal, type QuotaError, type WindowHolder } from "./quota-error";

export { isQuotaError, QuotaError } from "./quota-error";

/** How far back the per-visitor and per-IP limits look. */
export const QUOTA_WINDOW_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What clientIpFrom answers when the request says nothing usable; never counted as one address. */
export const UNKNOWN_CLIENT_IP = "unknown";

export interface QuotaLimits {
  /** Images per visitor, and per client IP, in any sliding hour; null means no limit. */
  imagesPerHour: number | null;
  /** Images per UTC day for the whole deployment; null means no cap. */
  imagesPerDay: number | null;
}

export const NO_QUOTAS: QuotaLimits = { imagesPerHour: null, imagesPerDay: null };

export function utcDayStart(now: number): number {
  return now - (now % DAY_MS);
}

interface AdmissionRequest {
  /** num_images of the generation about to be recorded. */
  images: number;
  clientIp?: string;
  now: number;
}

/**
 * The check a generation must pass before the store records it; undefined when no quota is on.
 * When several limits refuse, the person hears about the one with the longest wait.
 */
export function quotaAdmission(limits: QuotaLimits, request: AdmissionRequest): GenerationAdmission | undefined {
  const { imagesPerHour, imagesPerDay } = limits;
  if (imagesPerHour === null && imagesPerDay === null) return undefined;
  const { images: requested, now } = request;
  const windowStart = now - QUOTA_WINDOW_MS;
  const dayStart = utcDayStart(now);
  const clientIp = request.clientIp && request.clientIp !== UNKNOWN_CLIENT_IP ? request.clientIp : undefined;

  return {
    windowStart: imagesPerHour === null ? undefined : windowStart,
    clientIp: imagesPerHour === null ? undefined : clientIp,
    dayStart: imagesPerDay === null ? undefined : dayStart,
    admit(usage: ImageUsage) {
      const refusals: QuotaError[] = [];
      if (imagesPerHour !== null) {
        const windows: Array<[WindowHolder, CountedGeneration[]]> = [
          ["visitor", usage.visitor],
          ["network", usage.clientIp],
        ];
        for (const [holder, counted] of windows) {
          const refusal = hourlyCheck(holder, counted, { requested, limit: imagesPerHour, now });
          if (refusal) refusals.push(refusal);
        }
      }
      if (imagesPerDay !== null && usage.deploymentToday + requested > imagesPerDay) {
        const waitMs = dayStart + DAY_MS - now;
        refusals.push(dailyRefusal({ used: usage.deploymentToday, requested, limit: imagesPerDay, waitMs }));
      }
      const longest = refusals.reduce<QuotaError | undefined>(
        (worst, refusal) => (worst && worst.waitMs >= refusal.waitMs ? worst : refusal),
        undefined,
      );
      if (longest) throw longest;
    },
  };
}

/**
 * The wait is until enough of the oldest counted generations leave the window for this request
 * to fit, so a refused person can come back at exactly that moment.
 */
function hourlyCheck(
  holder: WindowHolder,
  counted: CountedGeneration[],
  { requested, limit, now }: { requested: number; limit: number; now: number },
): QuotaError | null {
  const used = counted.reduce((sum, generation) => sum + generation.images, 0);
  if (used + requested <= limit) return null;
  let freed = 0;
  let waitMs = 0;
  for (const generation of counted) {
    freed += generation.images;
    waitMs = generation.createdAt + QUOTA_WINDOW_MS - now;
    if (used - freed + requested <= limit) break;
  }
  return hourlyRefusal(holder, { used, requested, limit, waitMs });
}
