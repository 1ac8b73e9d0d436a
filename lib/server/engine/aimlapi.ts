import "server-only";
import { inspectImageWithThumbnail, ImageDecodeError } from "@/lib/server/engine/inspect-image";
import { createSeedreamClient, type SeedreamClientOptions, type SeedreamOutput } from "@/lib/server/seedream/client";
import { SeedreamError } from "@/lib/server/seedream/seedream-error";
import { downloadOutput, type DownloadOptions } from "./download-output";
import type { OutputLinkPolicy } from "./output-link-policy";
import type { EngineImage, ImageProvider, WriteOutputAhead } from "./types";

interface AimlApiEngineOptions extends SeedreamClientOptions {
  /** Bounds for fetching output URLs; the provider's links expire, so they are fetched at once. */
  downloadTimeoutMs?: number;
  /** Which output links may be fetched; any http(s) link when omitted (tests, development). */
  outputLinks?: OutputLinkPolicy;
}

/** The AI/ML API engine: one Seedream call, then every output resolved to checked bytes. */
export function createAimlApiEngine(options: AimlApiEngineOptions): ImageProvider {
  const client = createSeedreamClient(options);
  return {
    id: "aimlapi",
    label: "AI/ML API",
    async generate(request, { signal, inputs, writeAhead } = {}) {
      const call = await client.generate(request, { signal, inputs });
      const download = { signal, timeoutMs: options.downloadTimeoutMs, fetch: options.fetch, links: options.outputLinks };
      const images = await Promise.all(call.outputs.map((output) => resolveOutput(output, download, writeAhead)));
      return { images, seed: call.seed, creditsUsed: call.creditsUsed, requestId: call.requestId };
    },
  };
}

async function resolveOutput(
  output: SeedreamOutput,
  download: DownloadOptions,
  writeAhead?: WriteOutputAhead,
): Promise<EngineImage> {
  const bytes =
    output.kind === "base64" ? Buffer.from(output.data, "base64") : await downloadOutput(output.url, download);
  // The pixels decoded for this check are the ones the thumbnail is made from.
  const checking = inspectImageWithThumbnail(bytes);
  // The write waits on the disk while the check works the CPU; neither waits for the other.
  const written = writeAhead?.(bytes).catch(() => undefined);
  try {
    const info = await checking;
    if (!info.mime) {
      throw new SeedreamError("bad_response", { detail: `The output is a ${info.format} image, not PNG, JPEG or WebP.` });
    }
    return { bytes, mime: info.mime, width: info.width, height: info.height, thumbnail: info.thumbnail };
  } catch (error) {
    if (error instanceof ImageDecodeError) {
      throw new SeedreamError("bad_response", { detail: `The output is not a readable image: ${error.message}` });
    }
    throw error;
  } finally {
    await written;
  }
}
