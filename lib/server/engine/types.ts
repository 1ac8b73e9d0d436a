import "server-only";
import type { ImageMime } from "@/lib/shared/records";
import type { ProviderRequest } from "@/lib/shared/seedream/request";
import type { InputImages } from "@/lib/server/seedream/input-images";
import type { PendingThumbnail } from "@/lib/server/images/thumbnail";

/** One output, as bytes the studio holds: engines resolve provider URLs before they answer. */
export interface EngineImage {
  bytes: Buffer;
  mime: ImageMime;
  width: number;
  height: number;
  /** Under way from the pixels the engine decoded to check the output, when it did. */
  thumbnail?: PendingThumbnail;
}

export interface EngineResult {
  images: EngineImage[];
  /** The seed the engine used, when it reports one. */
  seed?: number;
  /** Credits the provider charged, when it says. */
  creditsUsed?: number;
  /** Our X-Client-Request-Id, to find the call in the provider's logs. */
  requestId?: string;
}

/**
 * Given each output's bytes as soon as they are downloaded, to store them while the engine checks
 * them; the engine waits for it before answering, and ignores its failure (the store writes again).
 */
export type WriteOutputAhead = (bytes: Buffer) => Promise<unknown>;

interface GenerateOptions {
  signal?: AbortSignal;
  /** The stored inputs a request's stand-in data URLs name; read only while the request is sent. */
  inputs?: InputImages;
  writeAhead?: WriteOutputAhead;
}

/**
 * Something that turns a Seedream request into images: the AI/ML API, or the offline engine.
 * Failures are thrown as `SeedreamError`, with the same codes whichever engine runs.
 */
export interface ImageProvider {
  readonly id: "aimlapi" | "local";
  /** What the page calls this engine. */
  readonly label: string;
  generate(request: ProviderRequest, options?: GenerateOptions): Promise<EngineResult>;
}
