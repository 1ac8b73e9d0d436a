import { randomInt, randomUUID } from "node:crypto";
import type { ImageProvider } from "@/lib/server/engine/types";
import { SEED_MAX } from "@/lib/shared/seedream/limits";
import type { SeedreamRequest } from "@/lib/shared/seedream/schema";
import { extensionFor, type FileStore } from "./file-store";

/** What one Seedream v4 image costs, as the docs' example responses report it (§7). */
export const TOKENS_PER_IMAGE = 63_000;
/** $1 = 2,000,000 credits (docs faq), so one image is $0.0315. */
const CREDITS_PER_USD = 2_000_000;

export interface OutputItem {
  url: string | null;
  b64_json?: string;
  content_type: string;
  file_name: string;
  file_size: number;
  width: number;
  height: number;
}

/** The v4 success shape: fal's `images` and `seed` passed through, plus the OpenAI-style `data`. */
export interface SuccessBody {
  images: OutputItem[];
  seed: number;
  data: OutputItem[];
  has_nsfw_concepts?: boolean[];
  meta: { usage: { tokens_used: number } };
}

export interface RenderOptions {
  engine: ImageProvider;
  files: FileStore;
  origin: string;
  signal: AbortSignal;
  /** `[fault:empty]`: the call succeeds and returns no image, as a blanked safety result would. */
  empty?: boolean;
  /** `[fault:nsfw]`: images come back flagged by fal's safety checker. */
  flagNsfw?: boolean;
  /** `[fault:expired]`: the link is dead before the client fetches it (forces URL output). */
  expired?: boolean;
}

export async function renderSuccess(request: SeedreamRequest, options: RenderOptions): Promise<SuccessBody> {
  const result = options.empty
    ? { images: [], seed: undefined }
    : await options.engine.generate(request, { signal: options.signal });
  const inline = request.sync_mode === true && !options.expired;
  const items = result.images.map((image): OutputItem => {
    const described = {
      content_type: image.mime,
      file_size: image.bytes.length,
      width: image.width,
      height: image.height,
    };
    if (inline) {
      const file_name = `${randomUUID()}.${extensionFor(image.mime)}`;
      return { url: null, b64_json: image.bytes.toString("base64"), file_name, ...described };
    }
    const file_name = options.files.put(image.bytes, image.mime, options.expired);
    return { url: `${options.origin}/files/${file_name}`, file_name, ...described };
  });
  const body: SuccessBody = {
    images: items,
    seed: request.seed ?? result.seed ?? randomInt(1, SEED_MAX),
    data: items,
    meta: { usage: { tokens_used: TOKENS_PER_IMAGE * items.length } },
  };
  if (options.flagNsfw) body.has_nsfw_concepts = items.map(() => true);
  return body;
}

export function usageHeaders(body: SuccessBody): Record<string, string> {
  const credits = body.meta.usage.tokens_used;
  return {
    "x-aimlapi-credits-used": String(credits),
    "x-aimlapi-usd-spent": String(credits / CREDITS_PER_USD),
  };
}
