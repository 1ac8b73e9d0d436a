import "server-only";
import { z } from "zod";
import type { StoreSettings } from "@/lib/server/store";
import { S3_WRITE_RETRY_MS_DEFAULT } from "@/lib/server/store/limits";

/**
 * The server's environment, checked once. A bad value stops start-up with a message that names the
 * variable, instead of failing later inside a generation. The API key never leaves server modules.
 */
const milliseconds = (fallback: number, max: number) =>
  z.coerce
    .number({ error: "must be a number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(1_000, "must be at least 1000 (one second)")
    .max(max, `must be at most ${max}`)
    .default(fallback);

/**
 * The daily cap when a key is set and the variable is not: 500 images, $15.75 at Seedream v4's
 * price, a ceiling on what a shared link can cost in a day. Without a key nothing is spent.
 */
export const DEFAULT_DAILY_IMAGE_LIMIT = 500;
const UNSET = "unset" as const;

/** A whole number up to `max`, or "off" (or 0) for no limit at all: null. Unset means `fallback`. */
const amountOrOff = <Fallback extends number | null | typeof UNSET>(fallback: Fallback, max: number, unit: string) =>
  z
    .string()
    .optional()
    .transform((raw, context): number | null | Fallback => {
      const value = raw?.trim().toLowerCase();
      if (value === undefined || value === "") return fallback;
      if (value === "off" || /^0+$/.test(value)) return null;
      const amount = /^\d{1,7}$/.test(value) ? Number(value) : NaN;
      if (Number.isSafeInteger(amount) && amount <= max) return amount;
      context.addIssue({ code: "custom", message: `must be a whole number of ${unit} up to ${max}, or "off"` });
      return z.NEVER;
    });

const flag = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((value) => value === "true" || value === "1");
const imageLimit = <Fallback extends number | null | typeof UNSET>(fallback: Fallback) =>
  amountOrOff(fallback, 1_000_000, "images");

const envSchema = z
  .object({
    AIMLAPI_KEY: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value : undefined)),
    AIMLAPI_BASE_URL: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://api.aimlapi.com/v1" })
      .default("https://api.aimlapi.com/v1"),
    STUDIO_ENGINE: z
      .enum(["auto", "aimlapi", "local"], { error: "must be auto, aimlapi or local" })
      .default("auto"),
    AIMLAPI_TIMEOUT_MS: milliseconds(180_000, 600_000),
    STUDIO_LOCAL_DELAY_MS: z.coerce
      .number({ error: "must be a number of milliseconds" })
      .int("must be a whole number of milliseconds")
      .min(0, "must be 0 or more")
      .max(60_000, "must be at most 60000")
      .default(0),
    STUDIO_DATA_DIR: z.string().trim().min(1, "must be a directory path").default("./data"),
    STUDIO_MAX_CONCURRENCY: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(64, "must be at most 64")
      .default(4),
    // Longer than the API call's own deadline, so downloads and storing fit inside it too.
    STUDIO_JOB_DEADLINE_MS: milliseconds(300_000, 1_800_000),
    // Images per visitor, and per client IP, in any sliding hour.
    STUDIO_RATE_LIMIT: imageLimit(30),
    // Images per UTC day for the whole deployment: a ceiling on what one day can cost. Unset, it is
    // on (DEFAULT_DAILY_IMAGE_LIMIT) whenever a key is set.
    STUDIO_DAILY_IMAGE_LIMIT: imageLimit(UNSET),
    // Megabytes of uploads per visitor, and per client address, in any sliding hour.
    STUDIO_UPLOAD_LIMIT_MB: amountOrOff(500, 1_000_000, "megabytes"),
    // Gigabytes of image files the whole studio keeps; past it, nothing more is kept.
    STUDIO_STORAGE_LIMIT_GB: amountOrOff(20, 1_000_000, "gigabytes"),
    // Visitors not seen for this many days are removed with everything they made; off by default.
    STUDIO_RETENTION_DAYS: amountOrOff(null, 36_500, "days"),
    // Unset leaves the studio open to anyone with the link, as it has always been.
    STUDIO_PASSCODE: z
      .string()
      .min(8, "must be at least 8 characters (or unset, to leave the studio open)")
      .max(256, "must be at most 256 characters")
      .optional(),
    // A second passcode for the deployment's owner: signed in with it, the header also shows the
    // whole deployment's spend. Every other passcode holder sees only their own.
    STUDIO_OWNER_PASSCODE: z
      .string()
      .min(8, "must be at least 8 characters (or unset: then nobody sees the deployment's spend)")
      .max(256, "must be at most 256 characters")
      .optional(),
    // With a passcode set: whether a share link (/s/<token>) opens without it. Off, a share link is
    // for people who also hold the passcode; on, anyone with the link sees exactly what it shares.
    STUDIO_SHARE_LINKS_SKIP_PASSCODE: flag.default(false),
    // Signs the session cookies; without it the studio makes one and keeps it in the data dir
    // (lib/server/passcode/session-secret.ts).
    STUDIO_SESSION_SECRET: z
      .string()
      .min(32, "must be at least 32 characters; `openssl rand -base64 32` makes one")
      .optional(),
    // Unset keeps records in SQLite under STUDIO_DATA_DIR.
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL such as postgres://studio:secret@db.internal:5432/studio" })
      .optional(),
    // Unset keeps image bytes in STUDIO_DATA_DIR; the rest of the S3_ settings only matter with it.
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens")
      .optional(),
    S3_ENDPOINT: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://s3.eu-central-1.amazonaws.com" })
      .optional(),
    S3_REGION: z.string().trim().min(1, "must name a region such as eu-central-1").default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    // Path-style URLs (endpoint/bucket/key), which most S3-compatible servers other than AWS need.
    S3_FORCE_PATH_STYLE: flag.optional(),
    // How long an image write keeps trying while the bucket is unreachable, so a short outage loses no result.
    S3_WRITE_RETRY_MS: milliseconds(S3_WRITE_RETRY_MS_DEFAULT, 600_000),
    // With DATABASE_URL: false makes this instance only record jobs, for workers (`npm run worker`) to run.
    STUDIO_RUN_JOBS: flag.default(true),
    // With DATABASE_URL: how long a job's claim holds unless its process renews it; a lapsed one is taken over.
    STUDIO_JOB_LEASE_MS: milliseconds(20_000, 30_000),
  })
  .refine((env) => env.STUDIO_RUN_JOBS || env.DATABASE_URL, {
    path: ["STUDIO_RUN_JOBS"],
    message: "can only be false with DATABASE_URL set: then workers (npm run worker) run the jobs",
  })
  .refine((env) => env.STUDIO_ENGINE !== "aimlapi" || env.AIMLAPI_KEY, {
    path: ["AIMLAPI_KEY"],
    message: "is required when STUDIO_ENGINE=aimlapi",
  })
  .refine((env) => env.S3_BUCKET || !(env.S3_ENDPOINT || env.S3_ACCESS_KEY_ID || env.S3_SECRET_ACCESS_KEY), {
    path: ["S3_BUCKET"],
    message: "is required when any other S3_ setting is set",
  })
  .refine((env) => !env.S3_ACCESS_KEY_ID === !env.S3_SECRET_ACCESS_KEY, {
    path: ["S3_SECRET_ACCESS_KEY"],
    message: "and S3_ACCESS_KEY_ID must be set together (or both left unset for the instance's own credentials)",
  })
  .refine((env) => !env.STUDIO_OWNER_PASSCODE || (env.STUDIO_PASSCODE && env.STUDIO_OWNER_PASSCODE !== env.STUDIO_PASSCODE), {
    path: ["STUDIO_OWNER_PASSCODE"],
    message: "needs STUDIO_PASSCODE set too, and must differ from it",
  })
  .transform(({ STUDIO_DAILY_IMAGE_LIMIT: daily, ...rest }) => ({
    ...rest,
    STUDIO_DAILY_IMAGE_LIMIT: daily !== UNSET ? daily : rest.AIMLAPI_KEY ? DEFAULT_DAILY_IMAGE_LIMIT : null,
  }));

export type StudioEnv = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(issues: readonly z.core.$ZodIssue[]) {
    const lines = issues.map((issue) => `  ${issue.path.join(".") || "environment"} ${issue.message}`);
    super(`Seedream Studio cannot start; fix these environment variables:\n${lines.join("\n")}`);
    this.name = "EnvError";
  }
}

/** Empty strings count as unset, so `AIMLAPI_KEY=` in a .env file means "no key". */
export function parseEnv(source: Record<string, string | undefined>): StudioEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) throw new EnvError(result.error.issues);
  return result.data;
}

/** Where the studio keeps records and bytes, from the environment: see lib/server/store/index.ts. */
export function storeSettingsOf(config: StudioEnv): StoreSettings {
  return {
    dataDir: config.STUDIO_DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    s3: config.S3_BUCKET
      ? {
          bucket: config.S3_BUCKET,
          endpoint: config.S3_ENDPOINT,
          region: config.S3_REGION,
          accessKeyId: config.S3_ACCESS_KEY_ID,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY,
          // A custom endpoint is almost never AWS itself, and those servers want path-style URLs.
          forcePathStyle: config.S3_FORCE_PATH_STYLE ?? Boolean(config.S3_ENDPOINT),
          writeRetryMs: config.S3_WRITE_RETRY_MS,
        }
      : undefined,
  };
}

let cached: StudioEnv | undefined;

export function env(): StudioEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
