import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Figure, Measurement } from "./figure";
import { startApp } from "./support/app-server";

/**
 * P3's budget: the studio's first-load JavaScript at most ~45 kB over the framework's own floor.
 * kB here are 1000 bytes.
 */
export const BUDGET_BYTES = 180_000;

/**
 * What Next.js 16.4.5 and React 19.3.1 ship on their own: a bare app (`create-next-app` layout, one
 * page rendering one small client component) built with `next build`, served by `next start`, and
 * measured the way measureFirstLoadJs measures the studio (every script its HTML names, gzipped at
 * level 9): 134.8 kB, of which the shared part (build-manifest rootMainFiles) is 131.8 kB. Kept as a
 * constant rather than rebuilt on every run; measure again when Next or React is upgraded.
 */
export const FRAMEWORK_FLOOR_BYTES = 134_800;
const ROOT = join(import.meta.dirname, "..", "..");
const CHUNK_URL = /\/_next\/static\/[^"'\s\\<>]+?\.js/g;

export interface ScriptFile {
  /** As the page references it, e.g. /_next/static/chunks/0j1we3cwg31qe.js. */
  url: string;
  rawBytes: number;
  gzipBytes: number;
}

export interface FirstLoadJs {
  origin: string;
  distDir: string;
  /** Every script the first paint of "/" downloads in a browser with ES modules, largest first. */
  files: ScriptFile[];
  gzipBytes: number;
  rawBytes: number;
  /** The part of `gzipBytes` every route shares: Next.js and React, before any studio code. */
  sharedGzipBytes: number;
  /** `<script nomodule>` polyfills: only browsers without ES modules fetch them. */
  noModule: ScriptFile[];
  /** Built chunks the page does not reference: lazy parts of the studio and other routes' code. */
  notLoaded: ScriptFile[];
}

/**
 * Starts the production build, asks it for "/" like a browser would, and sums what the HTML makes
 * the browser fetch: `<script src>`, script preloads, and the chunks the inline RSC payload names
 * for hydration. Each file is gzipped here at level 9, so the figure depends on the build's output
 * only, not on the server's compression settings; what the server actually sends is in the notes.
 */
export async function measureFirstLoadJs(): Promise<FirstLoadJs> {
  const distDir = process.env.NEXT_DIST_DIR ?? ".next";
  const dataDir = await mkdtemp(join(tmpdir(), "studio-bench-p3-"));
  // An empty passcode leaves the studio open, so "/" is the studio and not the sign-in page.
  const app = await startApp({ STUDIO_DATA_DIR: dataDir, STUDIO_ENGINE: "local", STUDIO_PASSCODE: "" });
  try {
    const response = await fetch(`${app.origin}/`, { redirect: "manual" });
    if (response.status !== 200) throw new Error(`GET / answered ${response.status}, not the studio page.`);
    const html = await response.text();
    const { loaded, noModule } = scriptsOf(html);
    if (loaded.length === 0) throw new Error("The page for / references no scripts; is this a Next.js build?");

    const fetchFile = async (url: string): Promise<ScriptFile> => {
      const file = await fetch(`${app.origin}${url}`, { headers: { "accept-encoding": "identity" } });
      if (!file.ok) throw new Error(`GET ${url} answered ${file.status}.`);
      const bytes = Buffer.from(await file.arrayBuffer());
      return { url, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    };
    const files = bySize(await Promise.all(loaded.map(fetchFile)));
    const shared = await sharedScripts(distDir);
    const notLoaded = await builtScripts(distDir, new Set([...loaded, ...noModule]));
    return {
      origin: app.origin,
      distDir,
      files,
      gzipBytes: sum(files, "gzipBytes"),
      rawBytes: sum(files, "rawBytes"),
      sharedGzipBytes: sum(files.filter((file) => shared.has(file.url)), "gzipBytes"),
      noModule: await Promise.all(noModule.map(fetchFile)),
      notLoaded,
    };
  } finally {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Script URLs in the order the HTML first names them, with `nomodule` ones apart. */
export function scriptsOf(html: string): { loaded: string[]; noModule: string[] } {
  const noModule = new Set<string>();
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    if (/\snomodule\b/i.test(tag)) for (const [url] of tag.matchAll(CHUNK_URL)) noModule.add(url);
  }
  // Script tags, <link rel="preload" as="script"> and the RSC payload's client chunks all name
  // files by their /_next/static/… path; a .js file under /_next/static/ is only ever a script.
  const loaded = new Set<string>();
  for (const [url] of html.matchAll(CHUNK_URL)) if (!noModule.has(url)) loaded.add(url);
  return { loaded: [...loaded], noModule: [...noModule] };
}

/** The files every route loads before its own: the build manifest's root main files. */
async function sharedScripts(distDir: string): Promise<Set<string>> {
  const manifest = JSON.parse(await readFile(join(ROOT, distDir, "build-manifest.json"), "utf8")) as {
    rootMainFiles?: string[];
  };
  return new Set((manifest.rootMainFiles ?? []).map((file) => `/_next/${file}`));
}

async function builtScripts(distDir: string, except: ReadonlySet<string>): Promise<ScriptFile[]> {
  const chunks = join(ROOT, distDir, "static", "chunks");
  const names = (await readdir(chunks, { recursive: true })).filter((name) => name.endsWith(".js"));
  const files = await Promise.all(
    names
      .map((name) => ({ name, url: `/_next/static/chunks/${name.split("\\").join("/")}` }))
      .filter(({ url }) => !except.has(url))
      .map(async ({ name, url }) => {
        const bytes = await readFile(join(chunks, name));
        return { url, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
      }),
  );
  return bySize(files);
}

function bySize(files: ScriptFile[]): ScriptFile[] {
  return [...files].sort((a, b) => b.gzipBytes - a.gzipBytes || a.url.localeCompare(b.url));
}

function sum(files: readonly ScriptFile[], key: "gzipBytes" | "rawBytes"): number {
  return files.reduce((total, file) => total + file[key], 0);
}

export function formatKb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

export function withinBudget(result: FirstLoadJs): boolean {
  return result.gzipBytes <= BUDGET_BYTES;
}

export const FIRST_LOAD_BUDGET = `≤ ${BUDGET_BYTES / 1000} kB gzipped`;

export function firstLoadNotes(result: FirstLoadJs): string[] {
  const fileName = (url: string) => url.replace("/_next/static/chunks/", "");
  const list = (files: readonly ScriptFile[]) =>
    files.map((file) => `${fileName(file.url)} ${formatKb(file.gzipBytes)}`).join(", ");
  const own = result.gzipBytes - result.sharedGzipBytes;
  return [
    `GET / from the production build in ${result.distDir}/ (npm start at ${result.origin}, empty store); ` +
      `${result.files.length} scripts named by the HTML (script tags, preloads, the RSC payload's client chunks), ` +
      `each gzipped at level 9: ${formatKb(result.gzipBytes)} (${formatKb(result.rawBytes)} unzipped).`,
    `  shared by every route (Next.js + React, build-manifest rootMainFiles): ${formatKb(result.sharedGzipBytes)}; ` +
      `the studio page's own: ${formatKb(own)}.`,
    `  the framework's floor (a bare Next 16.4.5 + React 19.3.1 page, see FRAMEWORK_FLOOR_BYTES): ${formatKb(FRAMEWORK_FLOOR_BYTES)}; ` +
      `the studio adds ${formatKb(result.gzipBytes - FRAMEWORK_FLOOR_BYTES)} over it (the budget allows ${formatKb(BUDGET_BYTES - FRAMEWORK_FLOOR_BYTES)}).`,
    `  largest: ${list(result.files.slice(0, 5))}.`,
    `not counted: nomodule polyfills (${list(result.noModule) || "none"}), which browsers with ES modules skip; ` +
      `${result.notLoaded.length} built chunks the page does not name (${formatKb(sum(result.notLoaded, "gzipBytes"))}: ` +
      `parts loaded after hydration or on demand, and other routes), largest ${list(result.notLoaded.slice(0, 3))}.`,
  ];
}

export const firstLoadJs: Figure = {
  id: "P3",
  title: "first-load JavaScript of the studio page",
  budget: FIRST_LOAD_BUDGET,
  async measure(): Promise<Measurement> {
    const result = await measureFirstLoadJs();
    return {
      measured: `${formatKb(result.gzipBytes)} (floor ${formatKb(FRAMEWORK_FLOOR_BYTES)})`,
      withinBudget: withinBudget(result),
      notes: firstLoadNotes(result),
    };
  },
};
