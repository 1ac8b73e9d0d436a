import type { StudioError, StudioErrorCode } from "@/lib/shared/errors";
import { SEEDREAM_ERRORS } from "@/lib/shared/seedream/errors";
import type { RegionOutcome } from "@/lib/shared/marks/region";
import type { GenerationParameters, GenerationStatus, SeedreamModel } from "@/lib/shared/records";
import type { GalleryItem, GalleryPage, GenerationRecord, ImageRecord } from "@/lib/server/store/types";

/**
 * What the browser sees of the store: plain JSON, URLs instead of blob keys, nothing that belongs
 * to the server (visitor ids, provider request ids).
 */
export interface ImageView {
  id: string;
  url: string;
  thumbnailUrl: string;
  width: number;
  height: number;
  mime: string;
  bytes: number;
  origin: "upload" | "output";
  fileName: string | null;
  generationId: string | null;
  seed: number | null;
  createdAt: number;
}

export interface GenerationView {
  id: string;
  status: GenerationStatus;
  model: SeedreamModel;
  prompt: string;
  parameters: GenerationParameters;
  inputImageIds: string[];
  error: StudioError | null;
  creditsUsed: number | null;
  seed: number | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  retryOf: string | null;
  /** The original generation this job re-ran with the same prompt and seed, in a replayed chain. */
  replayOf: string | null;
  /** The id the page sent with the start; names its placeholder card until the job is known. */
  requestId?: string | null;
  /** The painted region kept outside of, and what became of each output; null without one. */
  region?: { imageId: string; feather: number; outcomes: RegionOutcome[] | null } | null;
  outputs: ImageView[];
}

export type GalleryItemView =
  | { kind: "generation"; generation: GenerationView }
  | { kind: "upload"; image: ImageView };

export interface GalleryPageView {
  items: GalleryItemView[];
  nextCursor: string | null;
  /** Of this page's images: the starred ones, and the boards each is on. */
  organised?: { favourites: string[]; boards: Record<string, string[]> };
}

const PENDING_STATUSES: readonly GenerationStatus[] = ["queued", "running"];

export function isPending(generation: Pick<GenerationView, "status">): boolean {
  return PENDING_STATUSES.includes(generation.status);
}

/** Where an image's original and thumbnail are served; the only place that knows the routes. */
export function imageUrls(imageId: string): Pick<ImageView, "url" | "thumbnailUrl"> {
  return { url: `/api/images/${imageId}`, thumbnailUrl: `/api/images/${imageId}/thumbnail` };
}

/** How an image is called everywhere in the studio: "Result 2 of “…”" or "Uploaded photo.jpg". */
export function imageLabel(image: ImageView, generation: Pick<GenerationView, "prompt" | "outputs"> | null): string {
  if (!generation) return `Uploaded ${image.fileName ?? "image"}`;
  const position = generation.outputs.findIndex((output) => output.id === image.id);
  return `Result ${position + 1} of “${generation.prompt}”`;
}

export function toImageView(image: ImageRecord): ImageView {
  return {
    id: image.id,
    ...imageUrls(image.id),
    width: image.width,
    height: image.height,
    mime: image.mime,
    bytes: image.bytes,
    origin: image.origin,
    fileName: image.fileName,
    generationId: image.generationId,
    seed: image.seed,
    createdAt: image.createdAt,
  };
}

export function toGenerationView(generation: GenerationRecord, outputs: ImageRecord[] = []): GenerationView {
  return {
    id: generation.id,
    status: generation.status,
    model: generation.model,
    prompt: generation.prompt,
    parameters: generation.parameters,
    inputImageIds: generation.inputImageIds,
    error: generation.errorCode ? storedError(generation.errorCode, generation.errorMessage) : null,
    creditsUsed: generation.creditsUsed,
    seed: generation.seed,
    createdAt: generation.createdAt,
    startedAt: generation.startedAt,
    finishedAt: generation.finishedAt,
    retryOf: generation.retryOf,
    replayOf: generation.replayOf,
    requestId: generation.clientRequestId,
    region: generation.region
      ? { imageId: generation.region.imageId, feather: generation.region.feather, outcomes: generation.regionOutcomes }
      : null,
    outputs: outputs.map(toImageView),
  };
}

export function toGalleryPageView(page: GalleryPage): GalleryPageView {
  return {
    nextCursor: page.nextCursor,
    ...(page.organised && { organised: page.organised }),
    items: page.items.map((item: GalleryItem): GalleryItemView =>
      item.kind === "generation"
        ? { kind: "generation", generation: toGenerationView(item.generation, item.outputs) }
        : { kind: "upload", image: toImageView(item.image) },
    ),
  };
}

/** Whether Retry can help follows from the code; an interrupted or internal failure always can. */
function storedError(code: string, message: string | null): StudioError {
  const known = code in SEEDREAM_ERRORS ? SEEDREAM_ERRORS[code as keyof typeof SEEDREAM_ERRORS] : null;
  return {
    code: code as StudioErrorCode,
    message: message ?? known?.sentence ?? "This generation failed.",
    retryable: known ? known.retryable : true,
  };
}
