import "server-only";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";
import { readBounded as readBoundedBody } from "@/lib/shared/read-bounded";
import { ANY_OUTPUT_LINK, checkOutputLink, type OutputLinkPolicy } from "./output-link-policy";

/** Outputs are a few MB; anything near this is not an image the studio asked for. */
export const OUTPUT_MAX_BYTES = 50 * 1024 * 1024;
const OUTPUT_TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 3;

export interface DownloadOptions {
  signal?: AbortSignal;
  maxBytes?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Which links may be fetched at all (output-link-policy.ts); any http(s) link when omitted. */
  links?: OutputLinkPolicy;
}

/**
 * Fetches one output URL the provider returned, with bounds on size and time. Only http(s) (https
 * and public addresses in production: `links`), and redirects only within the same host, each hop
 * checked again: a provider answer must not steer the server elsewhere.
 */
export async function downloadOutput(url: string, options: DownloadOptions = {}): Promise<Buffer> {
  const { maxBytes = OUTPUT_MAX_BYTES, timeoutMs = OUTPUT_TIMEOUT_MS, fetch: doFetch = fetch } = options;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const origin = parseHttpUrl(url);

  let current = origin;
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      await checkOutputLink(current, options.links ?? ANY_OUTPUT_LINK);
      const response = await doFetch(current, { redirect: "manual", signal });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        current = nextHop(response.headers.get("location"), current, origin);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new SeedreamError("bad_response", {
          status: response.status,
          detail: `The output image could not be fetched (HTTP ${response.status}); its link may have expired.`,
        });
      }
      return await readBounded(response, maxBytes);
    }
    throw new SeedreamError("bad_response", { detail: "The output image link redirected too many times." });
  } catch (error) {
    if (error instanceof SeedreamError) throw error;
    if (options.signal?.aborted) throw new SeedreamError("canceled", { cause: error });
    if (deadline.aborted) throw new SeedreamError("provider_timeout", { cause: error });
    throw new SeedreamError("network", { cause: error, detail: "The output image could not be downloaded." });
  }
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SeedreamError("bad_response", { detail: "The output image link is not a URL." });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SeedreamError("bad_response", { detail: `Output links must be http(s), not ${url.protocol}` });
  }
  return url;
}

function nextHop(location: string | null, current: URL, origin: URL): URL {
  if (!location) throw new SeedreamError("bad_response", { detail: "A redirect without a Location header." });
  const next = new URL(location, current);
  if (next.host !== origin.host || (next.protocol !== "https:" && next.protocol !== "http:")) {
    throw new SeedreamError("bad_response", { detail: "The output image link redirected to another host." });
  }
  return next;
}

async function readBounded(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get("content-length"));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(maxBytes);
  }
  if (!response.body) return Buffer.alloc(0);
  if (exactLength(response, declared)) {
    // A declared length, not compressed: the client reads exactly that many bytes or fails, so the
    // bound holds without reading chunk by chunk (2.3 MB: 3.7 ms against 6.1 on this path).
    const whole = Buffer.from(await response.arrayBuffer());
    if (whole.byteLength !== declared) throw new SeedreamError("bad_response", { detail: "The output image ended before its declared length." });
    return whole;
  }
  const bytes = await readBoundedBody(response.body, maxBytes, declared || undefined);
  if (!bytes) throw tooLarge(maxBytes);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function exactLength(response: Response, declared: number): boolean {
  const encoding = response.headers.get("content-encoding");
  return response.headers.has("content-length") && Number.isSafeInteger(declared) && (!encoding || encoding === "identity");
}

function tooLarge(maxBytes: number): SeedreamError {
  return new SeedreamError("bad_response", {
    detail: `The output image is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
  });
}
