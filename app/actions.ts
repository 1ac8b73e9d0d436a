"use server";

import { imageProvider } from "@/lib/engine";
import { fail, invalidInput, ok, toStudioError, type ActionResult } from "@/lib/errors";
import { buildSeedreamRequest } from "@/lib/generation/build-request";
import { generationSettings } from "@/lib/seedream/schema";
import type { GenerationView } from "@/lib/generation/view";

/**
 * Generates images from the prompt form. The key and the provider call stay on the server; the
 * browser gets the outputs (bytes inline, so it never contacts the provider's host).
 */
export async function generateImages(input: unknown): Promise<ActionResult<GenerationView>> {
  const parsed = generationSettings.safeParse(input);
  if (!parsed.success) return fail(invalidInput(parsed.error));

  const started = performance.now();
  try {
    const provider = imageProvider();
    const result = await provider.generate(buildSeedreamRequest(parsed.data));
    return ok({
      engine: provider.label,
      prompt: parsed.data.prompt,
      seed: result.seed ?? null,
      creditsUsed: result.creditsUsed ?? null,
      elapsedMs: Math.round(performance.now() - started),
      images: result.images.map((image) => ({
        src: `data:${image.mime};base64,${image.bytes.toString("base64")}`,
        width: image.width,
        height: image.height,
      })),
    });
  } catch (error) {
    return fail(toStudioError(error));
  }
}
