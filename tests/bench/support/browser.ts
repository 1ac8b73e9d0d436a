import { existsSync } from "node:fs";
import { chromium, type Browser } from "@playwright/test";

/** Same choice as the e2e suite: an explicit path, Playwright's own browser, or Debian's chromium. */
export async function launchChromium(): Promise<Browser> {
  const override = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  const executablePath = override || (existsSync(chromium.executablePath()) ? undefined : "/usr/bin/chromium");
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // performance.memory reports real heap sizes only with this flag.
      "--enable-precise-memory-info",
    ],
  });
}
