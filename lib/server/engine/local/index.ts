import "server-only";
import { randomInt } from "node:crypto";
import type { EngineImage, EngineResult, ImageProvider } from "@/lib/server/engine/types";
import { decodeDataUrl } from "@/lib/server/engine/inspect-image";
import type { InputImage, InputImages } from "@/lib/server/seedream/input-images";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";
import { DEFAULT_SIZE_PRESET, PRESET_PIXELS, SEED_MAX, TIER_PIXELS } from "@/lib/shared/seedream/limits";
import { providerRequest, type ProviderRequest } from "@/lib/shared/seedream/request";
import { seedAt } from "@/lib/shared/seedream/seeds";
import { renderEdits } from "./apply-edit";
import { parseEditOperations } from "./edit-operations";
import { renderTextToImage } from "./render-text-to-image";

export { parseEditOperations, type EditOperation } from "./edit-operations";

interface LocalEngineOptions {
  /** Wait this long before answering, to feel like a remote provider (pending cards, cancel). */
  delayMs?: number;
}

/**
 * The studio's built-in engine for when no API key is set. It is not a model: text-to-image draws
 * a deterministic abstract picture from the prompt and seed; an edit reworks the input images with
 * real pixel operations named in the prompt (greyscale, blur, rotate…). Same request and seed,
 * same bytes.
 */
export function createLocalEngine(options: LocalEngineOptions = {}): ImageProvider {
  return {
    id: "local",
    label: "Offline engine",
    generate: (request, generateOptions = {}) =>
      generateLocally(request, options.delayMs ?? 0, generateOptions.signal, generateOptions.inputs),
  };
}

async function generateLocally(
  input: unknown,
  delayMs: number,
  signal?: AbortSignal,
  stored?: InputImages,
): Promise<EngineResult> {
  throwIfCanceled(signal);
  // Callers are typed, but the contract is the schema: the engine checks what the provider would.
  const parsed = providerRequest.safeParse(input);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
      .join(" ");
    throw new SeedreamError("invalid_request", { detail });
  }
  const request = parsed.data;
  const { width, height } = pixelSize(request);
  const baseSeed = request.seed ?? randomInt(1, SEED_MAX + 1);
  const imageUrls = "image_urls" in request ? (request.image_urls ?? []) : [];
  const isEdit = imageUrls.length > 0;
  const inputs = await Promise.all(imageUrls.map(async (url, index) => (await readStored(stored?.get(url))) ?? decodeInput(url, index)));
  const operations = isEdit ? parseEditOperations(request.prompt) : [];
  const count = "num_images" in request ? (request.num_images ?? 1) : 1;
  const seeds = Array.from({ length: count }, (_, index) => seedAt(baseSeed, index));

  try {
    await wait(delayMs, signal);
    const pictures: Buffer[] = [];
    if (isEdit) {
      pictures.push(...(await renderEdits({ inputs, operations, seeds, width, height, signal })));
    } else {
      for (const seed of seeds) {
        throwIfCanceled(signal);
        pictures.push(await renderTextToImage({ prompt: request.prompt, seed, width, height, signal }));
      }
    }
    throwIfCanceled(signal);
    const images = pictures.map((bytes): EngineImage => ({ bytes, mime: "image/png", width, height }));
    return { images, seed: baseSeed };
  } catch (error) {
    if (signal?.aborted) throw new SeedreamError("canceled", { cause: error });
    if (error instanceof SeedreamError) throw error;
    throw new SeedreamError("provider_error", {
      detail: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
}

/** v4 defaults to its `square_hd` preset; the newer models to 2048 × 2048 (their OpenAPI default). */
function pixelSize(request: ProviderRequest): { width: number; height: number } {
  const size = request.image_size;
  if (typeof size === "object") return size;
  if (size === "2K" || size === "4K") return TIER_PIXELS[size];
  if (size !== undefined) return PRESET_PIXELS[size];
  return "num_images" in request || request.model.includes("seedream-v4") ? PRESET_PIXELS[DEFAULT_SIZE_PRESET] : TIER_PIXELS["2K"];
}

/** The offline engine decodes its inputs whole anyway, so a stored one is read whole here. */
async function readStored(image: InputImage | undefined): Promise<Buffer | null> {
  if (!image) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of await image.open()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function decodeInput(url: string, index: number): Buffer {
  const decoded = decodeDataUrl(url);
  if (decoded) return decoded.bytes;
  // Fetching arbitrary URLs from the server would make the engine a way to reach private hosts.
  if (/^https?:/i.test(url)) {
    throw new SeedreamError("invalid_request", {
      detail: "The offline engine only takes images sent by the studio as data URLs.",
    });
  }
  throw new SeedreamError("invalid_request", {
    detail: `Input image ${index + 1} is not a base64 data URL.`,
  });
}

function throwIfCanceled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SeedreamError("canceled", { cause: signal.reason });
}

function wait(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  if (milliseconds <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SeedreamError("canceled", { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
