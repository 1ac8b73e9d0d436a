import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

/**
 * The one browser choice for e2e tests, benchmarks and the load test: an explicit path wins, then
 * Playwright's own browser if installed, then Debian's chromium (Playwright cannot download here).
 */
export function chromiumExecutable(): string | undefined {
  const override = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (override) return override;
  if (existsSync(chromium.executablePath())) return undefined;
  return "/usr/bin/chromium";
}

/** Without the background-networking flags Chromium keeps dialling Google's hosts on a closed network. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
