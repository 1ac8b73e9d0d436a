import { expect, test } from "@playwright/test";
import type { GenerationView } from "@/lib/shared/gallery/view";
import { startInput, Visitor } from "./support/bad-input";
import { accepted } from "./support/studio-actions";

/**
 * A desktop's first screen holds 12–15 blocks once the gallery is packed at its real width, more
 * than the server's first lines draw: their thumbnails must be asked for with the HTML, not after
 * hydration. The newest four come first; the rest wait behind what the first paint needs.
 */
test("the page asks for the newest sixteen thumbnails with its HTML, the first four ahead of the rest", async ({ browser }) => {
  const visitor = await Visitor.open(browser);
  try {
    const started: GenerationView[] = [];
    for (let index = 0; index < 17; index++) {
      started.push(accepted<GenerationView>(await visitor.actions.call("startGeneration", startInput({ prompt: `Tile number ${index}` }))));
    }
    const finished = await visitor.actions.settled(started.map((generation) => generation.id));
    const newestFirst = finished.toSorted((a, b) => b.createdAt - a.createdAt).map((generation) => generation.outputs[0]!.thumbnailUrl);

    const document = await visitor.page.reload();
    // React may send preloads as a Link header, ahead of the HTML, as <link> tags, or both; the
    // document's order is React's (by priority), not the gallery's: compared by address.
    const inHeader = (document?.headers().link ?? "").split(/,\s*(?=<)/).flatMap((entry) => {
      const href = /^<([^>]+)>/.exec(entry)?.[1];
      if (!href?.startsWith("/api/images/") || !/;\s*rel="?preload"?/.test(entry)) return [];
      return [{ href, priority: /;\s*fetchpriority="?(\w+)"?/i.exec(entry)?.[1] ?? null }];
    });
    const inPage = await visitor.page.evaluate(() =>
      [...window.document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="image"][href^="/api/images/"]')].map((link) => ({
        href: link.getAttribute("href"),
        priority: link.getAttribute("fetchpriority"),
      })),
    );
    const byHref = (a: { href: string | null }, b: { href: string | null }) => (a.href ?? "").localeCompare(b.href ?? "");
    // Either place, or both: each address once.
    const preloads = [...new Map([...inHeader, ...inPage].map((preload) => [preload.href, preload])).values()];
    const expected = newestFirst.slice(0, 16).map((href, index) => ({ href, priority: index < 4 ? "high" : "low" }));
    expect(preloads.toSorted(byHref)).toEqual(expected.toSorted(byHref));
    // The oldest is left to the page's lazy loading.
    expect(preloads.map((preload) => preload.href)).not.toContain(newestFirst[16]);
  } finally {
    await visitor.close();
  }
});
