import "server-only";
import { env, type StudioEnv } from "@/lib/server/env";
import { createAimlApiEngine } from "./aimlapi";
import { createLocalEngine } from "./local";
import { outputLinkPolicy } from "./output-link-policy";
import type { ImageProvider } from "./types";

export type { ImageProvider } from "./types";

/** `auto` means: the AI/ML API when a key is set, the offline engine otherwise. */
export function selectEngine(config: StudioEnv): ImageProvider {
  const useApi = config.STUDIO_ENGINE === "aimlapi" || (config.STUDIO_ENGINE === "auto" && config.AIMLAPI_KEY);
  if (useApi && config.AIMLAPI_KEY) {
    return createAimlApiEngine({
      apiKey: config.AIMLAPI_KEY,
      baseUrl: config.AIMLAPI_BASE_URL,
      timeoutMs: config.AIMLAPI_TIMEOUT_MS,
      outputLinks: outputLinkPolicy(config.AIMLAPI_BASE_URL, process.env.NODE_ENV === "production"),
    });
  }
  return createLocalEngine({ delayMs: config.STUDIO_LOCAL_DELAY_MS });
}

let engine: ImageProvider | undefined;

export function imageProvider(): ImageProvider {
  engine ??= selectEngine(env());
  return engine;
}
