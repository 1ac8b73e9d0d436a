import "server-only";
import { z } from "zod";

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

/** A number of images, or "off" (or 0) for no limit at all: null. Unset means `fallback`. */
const imageLimit = <Fallback extends number | null | typeof UNSET>(fallback: Fallback) =>
  z
    .string()
    .optional()
    .transform((raw, context): number | null | Fallback => {
      const value = raw?.trim().toLowerCase();
      if (value === undefined || value === "") return fallback;
      if (value === "off" || /^0+$/.test(value)) return null;
      const images = /^\d{1,7}$/.test(value) ? Number(value) : NaN;
      if (Number.isSafeInteger(images) && images <= 1_000_000) return images;
      context.addIssue({ code: "custom", message: 'must be a whole number of images up to 1000000, or "off"' });
      return z.NEVER;
    });

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
    // Unset leaves the studio open to anyone with the link, as it has always been.
    STUDIO_PASSCODE: z
      .string()
      .min(8, "must be at least 8 characters (or unset, to leave the studio open)")
      .max(256, "must be at most 256 characters")
      .optional(),
    // Signs the session cookies; without it a key is derived from the passcode (lib/server/passcode/session-token.ts).
    STUDIO_SESSION_SECRET: z
      .string()
      .min(32, "must be at least 32 characters; `openssl rand -base64 32` makes one")
      .optional(),
  })
  .refine((env) => env.STUDIO_ENGINE !== "aimlapi" || env.AIMLAPI_KEY, {
    path: ["AIMLAPI_KEY"],
    message: "is required when STUDIO_ENGINE=aimlapi",
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

let cached: StudioEnv | undefined;

export function env(): StudioEnv {
  cached ??= parseEnv(process.env);
  return cached;
}
