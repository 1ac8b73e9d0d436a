import "server-only";
import type { EngineImage, ImageProvider, WriteOutputAhead } from "@/lib/server/engine/types";
import { toStudioError } from "@/lib/server/errors";
import { ONE_IMAGE_MODELS, type OneImageModel } from "@/lib/shared/seedream/limits";
import type { ProviderRequest } from "@/lib/shared/seedream/request";
import type { InputImages } from "@/lib/server/seedream/input-images";

/** What a generation's calls gave back, together: the outputs in call order, with their seeds. */
export interface CallsOutcome {
  images: EngineImage[];
  /** Per output, the seed it was made with, when known. */
  outputSeeds: Array<number | undefined>;
  /** The seed the provider reported (v4), if it did. */
  reportedSeed?: number;
  /** Summed over the calls that succeeded; undefined when none reported credits. */
  creditsUsed?: number;
  requestId?: string;
  /** Calls that failed while others succeeded, with the first failure's sentence. */
  shortfall?: { failed: number; of: number; code: string; message: string };
}

/**
 * Runs every call of one generation at once (N images on a one-image model are N calls). A
 * partial success keeps what came back and says how many failed; when every call fails, the first
 * failure is the generation's.
 */
export async function runProviderCalls(
  provider: ImageProvider,
  requests: readonly ProviderRequest[],
  options: { signal: AbortSignal; inputs: InputImages; writeAhead?: WriteOutputAhead },
): Promise<CallsOutcome> {
  const settled = await Promise.allSettled(requests.map((request) => provider.generate(request, options)));
  const outcome: CallsOutcome = { images: [], outputSeeds: [] };
  const failures: unknown[] = [];
  for (const [index, result] of settled.entries()) {
    if (result.status === "rejected") {
      failures.push(result.reason);
      continue;
    }
    // A one-image call's seed is the one sent; v4 reports its own (the store reads reportedSeed).
    const request = requests[index];
    const sentSeed = request && isOneImageModel(request.model) ? request.seed : undefined;
    outcome.images.push(...result.value.images);
    outcome.outputSeeds.push(...result.value.images.map(() => sentSeed));
    outcome.reportedSeed ??= result.value.seed;
    outcome.requestId ??= result.value.requestId;
    if (result.value.creditsUsed !== undefined) outcome.creditsUsed = (outcome.creditsUsed ?? 0) + result.value.creditsUsed;
  }
  if (outcome.images.length === 0) throw failures[0];
  if (failures.length > 0) {
    const { code, message } = toStudioError(failures[0]);
    outcome.shortfall = { failed: failures.length, of: requests.length, code, message };
  }
  return outcome;
}

/** "1 of 3 images failed: The provider …": what a partly successful generation says on its card. */
export function shortfallSentence(shortfall: NonNullable<CallsOutcome["shortfall"]>): string {
  const images = shortfall.of === 1 ? "image" : "images";
  return `${shortfall.failed} of ${shortfall.of} ${images} failed: ${shortfall.message}`;
}

function isOneImageModel(model: string): model is OneImageModel {
  return (ONE_IMAGE_MODELS as readonly string[]).includes(model);
}
