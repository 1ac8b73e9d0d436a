import { randomInt, randomUUID } from "node:crypto";
import type { ImageProvider } from "@/lib/server/engine/types";
import { ONE_IMAGE_MODELS, SEED_MAX, type OneImageModel } from "@/lib/shared/seedream/limits";
import { studioModelOf } from "@/lib/shared/seedream/models";
import { CREDITS_PER_DOLLAR, CREDITS_PER_IMAGE_BY_MODEL } from "@/lib/shared/seedream/pricing";
import type { ProviderRequest } from "@/lib/shared/seedream/request";
import type { OneImageRequest } from "@/lib/shared/seedream/schema-one-image";
import { extensionFor, type FileStore } from "./file-store";

/** What one Seedream v4 image costs, as the docs' example responses report it (§7). */
export const TOKENS_PER_IMAGE = CREDITS_PER_IMAGE_BY_MODEL["seedream-v4"];

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

/**
 * The 4.5 / 5.0 Lite shape (BytePlus behind the AI/ML API): `data[]` items with `url` or `b64_json`
 * and the pixel `size`, credits in `meta.usage.credits_used`; no `images`, no `seed`.
 */
export interface OneImageBody {
  data: Array<{ url?: string; b64_json?: string; size: string }>;
  meta: { usage: { credits_used: number } };
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

export function isOneImageRequest(request: ProviderRequest): request is OneImageRequest {
  return (ONE_IMAGE_MODELS as readonly string[]).includes(request.model);
}

export async function renderSuccess(request: ProviderRequest, options: RenderOptions): Promise<SuccessBody | OneImageBody> {
  if (isOneImageRequest(request)) return renderOneImage(request, options);
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

async function renderOneImage(request: OneImageRequest, options: RenderOptions): Promise<OneImageBody> {
  const result = options.empty ? { images: [] } : await options.engine.generate(request, { signal: options.signal });
  const inline = request.response_format === "b64_json" && !options.expired;
  const data = result.images.map((image) => {
    const size = `${image.width}x${image.height}`;
    if (inline) return { b64_json: image.bytes.toString("base64"), size };
    const file_name = options.files.put(image.bytes, image.mime, options.expired);
    return { url: `${options.origin}/files/${file_name}`, size };
  });
  const perImage = CREDITS_PER_IMAGE_BY_MODEL[studioModelOf(request.model as OneImageModel)];
  return { data, meta: { usage: { credits_used: perImage * data.length } } };
}

export function usageHeaders(body: SuccessBody | OneImageBody): Record<string, string> {
  const usage = body.meta.usage;
  const credits = "credits_used" in usage ? usage.credits_used : usage.tokens_used;
  return {
    "x-aimlapi-credits-used": String(credits),
    "x-aimlapi-usd-spent": String(credits / CREDITS_PER_DOLLAR),
  };
}
