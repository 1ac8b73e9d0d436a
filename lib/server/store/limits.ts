import "server-only";

/** One gallery page: the default fills a screen, the maximum bounds one request's work. */
export const GALLERY_PAGE_DEFAULT = 30;
export const GALLERY_PAGE_MAX = 100;

/**
 * Bounds one export. A zip without Zip64 holds at most 65,535 entries and 4 GiB, and the manifest
 * is built in memory; ten thousand images is more than the quotas let anyone make in weeks.
 */
export const SESSION_EXPORT_MAX_IMAGES = 10_000;
export const SESSION_EXPORT_MAX_GENERATIONS = 10_000;

/** How long an image write to S3 keeps trying while the bucket is unreachable: longer than a typical outage or failover, so a result the provider already made outlives it. */
export const S3_WRITE_RETRY_MS_DEFAULT = 60_000;
