import { readFile } from "node:fs/promises";
import type { Browser, CDPSession, Page } from "@playwright/test";

/** The network counts as settled once nothing has been in flight for this long. */
export const QUIET_MS = 750;

export type ByType = Map<string, { count: number; bytes: number }>;

/** What the page has received, from Chromium's own network events (DevTools protocol). */
export interface Traffic {
  /** Resolves once nothing has been in flight for QUIET_MS. */
  settled(page: Page): Promise<void>;
  byType(): ByType;
}

export async function watchTraffic(cdp: CDPSession): Promise<Traffic> {
  const types = new Map<string, string>();
  const sizes = new Map<string, number>();
  const inFlight = new Map<string, string>();
  let lastActivity = performance.now();
  const done = (requestId: string) => {
    inFlight.delete(requestId);
    lastActivity = performance.now();
  };
  cdp.on("Network.requestWillBeSent", ({ requestId, type, request }) => {
    // The live event stream stays open for the page's life, and a Worker's script finishes in the
    // Worker's own target, which this session does not watch: neither is waited for.
    if (type === "EventSource" || /\/turbopack-worker-[^/]*\.js$/.test(request.url)) return;
    inFlight.set(requestId, `${type ?? "Other"} ${request.url}`);
    lastActivity = performance.now();
  });
  cdp.on("Network.responseReceived", ({ requestId, type }) => types.set(requestId, type));
  cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
    sizes.set(requestId, encodedDataLength);
    done(requestId);
  });
  cdp.on("Network.loadingFailed", ({ requestId }) => done(requestId));
  await cdp.send("Network.enable");
  return {
    async settled(page) {
      const deadline = performance.now() + 15_000;
      while (inFlight.size > 0 || performance.now() - lastActivity < QUIET_MS) {
        if (performance.now() > deadline) throw new Error(`The page did not settle: ${inFlight.size} requests in flight (${[...inFlight.values()].join(", ")}).`);
        await page.waitForTimeout(50);
      }
    },
    byType() {
      const byType: ByType = new Map();
      for (const [requestId, bytes] of sizes) {
        const type = types.get(requestId) ?? "Other";
        const total = byType.get(type) ?? { count: 0, bytes: 0 };
        byType.set(type, { count: total.count + 1, bytes: total.bytes + bytes });
      }
      return byType;
    },
  };
}

export interface Memory {
  /** CDP Performance.getMetrics JSHeapUsedSize right after HeapProfiler.collectGarbage. */
  heapAfterGc: number;
  /** performance.memory.usedJSHeapSize as the page reads it (precise-memory-info), before that GC. */
  usedJSHeapSize: number;
  nodes: number;
  /** VmRSS of the page's renderer process: the JS heap plus DOM, layout, decoded images. */
  rendererRss: number;
}

/** The JS heap after a full collection, as the budget reads it, with the figures that explain it. */
export async function memoryOf(browser: Browser, page: Page, cdp: CDPSession): Promise<Memory> {
  const usedJSHeapSize = await page.evaluate(() => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize);
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? NaN;
  return { heapAfterGc: metric("JSHeapUsedSize"), usedJSHeapSize, nodes: metric("Nodes"), rendererRss: await largestRendererRss(browser) };
}

/** The page's renderer is the largest one: Chromium keeps a spare renderer or two around. */
async function largestRendererRss(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
    const sizes = await Promise.all(
      processInfo
        .filter((process) => process.type === "renderer")
        .map(async (process) => {
          const status = await readFile(`/proc/${process.id}/status`, "utf8").catch(() => "");
          return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
        }),
    );
    return Math.max(0, ...sizes);
  } finally {
    await cdp.detach();
  }
}
