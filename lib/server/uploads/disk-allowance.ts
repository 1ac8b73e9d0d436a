import "server-only";
import { QUOTA_WINDOW_MS, QuotaError, UNKNOWN_CLIENT_IP } from "@/lib/server/quotas";
import type { Store } from "@/lib/server/store";

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** How much disk people may take: uploads per visitor and per address in any sliding hour, and all images together. */
export interface DiskLimits {
  /** Bytes of uploads (as kept, after normalising) per visitor, and per client address, an hour; null: none. */
  uploadBytesPerHour: number | null;
  /** Bytes of image files for the whole studio; null: no cap. */
  storageBytes: number | null;
}

export const NO_DISK_LIMITS: DiskLimits = { uploadBytesPerHour: null, storageBytes: null };

/** STUDIO_UPLOAD_LIMIT_MB and STUDIO_STORAGE_LIMIT_GB as bytes. */
export function diskLimitsFrom(settings: { uploadMegabytesPerHour: number | null; storageGigabytes: number | null }): DiskLimits {
  return {
    uploadBytesPerHour: settings.uploadMegabytesPerHour === null ? null : settings.uploadMegabytesPerHour * MB,
    storageBytes: settings.storageGigabytes === null ? null : settings.storageGigabytes * GB,
  };
}

function size(bytes: number): string {
  if (bytes >= GB) return `${Math.round((bytes / GB) * 10) / 10} GB`;
  if (bytes >= MB) return `${Math.round(bytes / MB)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

/**
 * Summing every image file's size reads the whole images table: on a large gallery, tens of
 * milliseconds before each start and upload. A studio found under half its cap is taken to stay
 * under it for this long: no deployment stores half its cap in a minute, and near the cap every
 * check sums again, so the cap still holds to the byte.
 */
export const ROOMY_FOR_MS = 60_000;
const ROOMY_SHARE = 0.5;
/** Per store: until when it counts as roomy. */
const roomyUntil = new WeakMap<Store, number>();

/** Refuses, with a sentence, anything more to keep once the studio's image files reach the cap. */
export async function checkStorageRoom(store: Store, limits: DiskLimits, now = Date.now()): Promise<void> {
  if (limits.storageBytes === null) return;
  if ((roomyUntil.get(store) ?? 0) > now) return;
  const stored = await store.disk.storedBytes();
  if (stored < limits.storageBytes * ROOMY_SHARE) roomyUntil.set(store, now + ROOMY_FOR_MS);
  if (stored < limits.storageBytes) return;
  throw new QuotaError(
    `This studio's storage is full (${size(limits.storageBytes)}); nothing more can be kept until images are deleted or the limit is raised.`,
    Infinity,
  );
}

/**
 * Refuses an upload of `incomingBytes` that would take this visitor, or this address, past the
 * hourly allowance. Judged by the files' size as sent, before they are decoded.
 */
export async function checkUploadAllowance(
  store: Store,
  limits: DiskLimits,
  who: { visitorId: string; clientIp?: string },
  incomingBytes: number,
  now = Date.now(),
): Promise<void> {
  await checkStorageRoom(store, limits);
  const limit = limits.uploadBytesPerHour;
  if (limit === null) return;
  const clientIp = who.clientIp && who.clientIp !== UNKNOWN_CLIENT_IP ? who.clientIp : undefined;
  const used = await store.disk.uploadBytesSince(now - QUOTA_WINDOW_MS, { visitorId: who.visitorId, clientIp });
  for (const [whose, bytes] of [["You've", used.visitor], ["Your network has", used.clientIp]] as const) {
    if (bytes + incomingBytes <= limit) continue;
    throw new QuotaError(
      `${whose} uploaded ${size(bytes)} in the last hour; the limit here is ${size(limit)} an hour, so ${size(incomingBytes)} more won't fit yet.`,
      QUOTA_WINDOW_MS,
    );
  }
}
