import { chromium, type Browser } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "@/e2e/support/chromium";

/** The same browser as the e2e suite. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    // performance.memory reports real heap sizes only with this flag.
    args: [...CHROMIUM_ARGS, "--enable-precise-memory-info"],
  });
}
