import "server-only";
import { classifyHttpFailure, mentionsSafety } from "./classify";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";
import { seedreamErrorEnvelope, seedreamResponse, type SeedreamResponse } from "@/lib/shared/seedream/schema";

/**
 * Reading a 2xx body of `POST /images/generations`. The provider's examples disagree with its own
 * declared schema (seedream-api.md §7), so every documented shape is accepted: the declared
 * `data[]` + `meta.usage.credits_used`, fal's passthrough `images[]` + `seed` + `tokens_used`, and
 * credits reported only in a header.
 */

export type SeedreamOutput = { kind: "url"; url: string } | { kind: "base64"; data: string; mime?: string };

export interface ParsedSeedreamResponse {
  outputs: SeedreamOutput[];
  seed?: number;
  creditsUsed?: number;
  inferenceId?: string;
}

type ResponseItem = NonNullable<SeedreamResponse["data"]>[number];

/** What one item yields: an output, nothing at all (blanked by a safety checker), or garbage. */
type ItemReading = SeedreamOutput | "blank" | "malformed";

export function parseSeedreamResponse(body: unknown, headers: Headers): ParsedSeedreamResponse {
  const parsed = seedreamResponse.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join(".") || "the top level";
    throw new SeedreamError("bad_response", { detail: `Unexpected response shape at ${where}: ${issue?.message}` });
  }
  const response = parsed.data;
  if (!("data" in response) && !("images" in response)) throw notAnImageResponse(response, headers);

  if (response.has_nsfw_concepts?.includes(true)) {
    throw new SeedreamError("safety_rejected", { detail: "The provider flagged an output as NSFW." });
  }

  const items = response.data?.length ? response.data : (response.images ?? []);
  const readings = items.map(readItem);
  const outputs = readings.filter((reading): reading is SeedreamOutput => typeof reading !== "string");
  if (outputs.length === 0) throw noUsableImage(items, readings);

  const usage = response.meta?.usage;
  return {
    outputs,
    seed: response.seed ?? undefined,
    creditsUsed: usage?.credits_used ?? usage?.tokens_used ?? numberHeader(headers.get("x-aimlapi-credits-used")),
    inferenceId: headers.get("x-inference-id") ?? undefined,
  };
}

/**
 * A 2xx without `data` or `images`: a proxy that wraps errors in 200 would otherwise read as a
 * safety refusal, so an error envelope with a failing status is classified like the real thing.
 */
function notAnImageResponse(body: object, headers: Headers): SeedreamError {
  const envelope = seedreamErrorEnvelope.safeParse(body);
  const status = envelope.success ? Number(envelope.data.status ?? envelope.data.statusCode) : NaN;
  if (Number.isInteger(status) && status >= 400 && status < 600) {
    return classifyHttpFailure(status, JSON.stringify(body), headers);
  }
  return new SeedreamError("bad_response", { detail: "The response has neither `data` nor `images`." });
}

/**
 * Nothing usable came back. fal blanks unsafe outputs and BytePlus reports them per item, so an
 * empty answer is a refusal unless the items say otherwise.
 */
function noUsableImage(items: ResponseItem[], readings: ItemReading[]): SeedreamError {
  const itemError = items.map((item) => describeItemError(item.error)).find((text) => text !== undefined);
  if (itemError !== undefined && !mentionsSafety(itemError)) {
    return new SeedreamError("provider_error", { detail: itemError });
  }
  if (itemError === undefined && readings.includes("malformed")) {
    return new SeedreamError("bad_response", { detail: "No image in the response is a usable URL or base64 data." });
  }
  return new SeedreamError("safety_rejected", { detail: itemError ?? "The provider returned no image." });
}

/** `b64_json` wins over `url` when both are there: it needs no download before the link expires. */
function readItem(item: ResponseItem): ItemReading {
  const fromBase64 = item.b64_json ? readBase64(item.b64_json, item.content_type ?? undefined) : "blank";
  if (typeof fromBase64 !== "string") return fromBase64;
  const fromUrl = item.url ? readUrl(item.url) : "blank";
  if (typeof fromUrl !== "string") return fromUrl;
  return fromBase64 === "malformed" || fromUrl === "malformed" ? "malformed" : "blank";
}

const DATA_URI = /^data:(image\/[\w.+-]+);base64,(.*)$/is;
/** Standard or URL-safe alphabet, as Buffer.from(…, "base64") reads both. */
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

function readBase64(value: string, contentType: string | undefined): ItemReading {
  const dataUri = DATA_URI.exec(value.trim());
  const mime = dataUri ? dataUri[1]?.toLowerCase() : contentType?.startsWith("image/") ? contentType : undefined;
  const data = (dataUri ? (dataUri[2] ?? "") : value).replace(/\s+/g, "");
  if (!BASE64.test(data)) return "malformed";
  return mime ? { kind: "base64", data, mime } : { kind: "base64", data };
}

/** With `sync_mode` the provider may put a data URI where a link usually goes (seedream-api.md §3). */
function readUrl(value: string): ItemReading {
  const text = value.trim();
  if (/^data:/i.test(text)) return DATA_URI.test(text) ? readBase64(text, undefined) : "malformed";
  try {
    const { protocol } = new URL(text);
    return protocol === "https:" || protocol === "http:" ? { kind: "url", url: text } : "malformed";
  } catch {
    return "malformed";
  }
}

/** BytePlus reports a per-image failure as `data[i].error: {code, message}`. */
function describeItemError(error: unknown): string | undefined {
  if (typeof error === "string") return error.trim() || undefined;
  if (typeof error !== "object" || error === null) return undefined;
  const text = ["code", "message"]
    .map((key) => Reflect.get(error, key))
    .filter((part): part is string => typeof part === "string" && part.trim() !== "")
    .join(": ");
  return text || undefined;
}

function numberHeader(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}
