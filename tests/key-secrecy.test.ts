import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILD_CANARY_KEY } from "@/e2e/support/key-canary";

/**
 * The API key is read in one place, lib/server/env.ts, and only server code may reach that place. Next
 * fails the build when a client component imports a module that starts with `import "server-only"`,
 * directly or through others, so it is enough that every reader of the environment starts with it.
 */

const ROOT = join(import.meta.dirname, "..");
/** Files Next only ever runs on the server, which cannot import "server-only" (it throws outside React). */
const SERVER_ENTRY_POINTS = ["instrumentation.ts", "proxy.ts", "next.config.ts"];

async function appSources(): Promise<string[]> {
  const found: string[] = [];
  for (const dir of ["app", "components", "lib"]) {
    const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
    for (const entry of entries) {
      if (entry.isFile() && /\.(ts|tsx)$/.test(entry.name)) found.push(relative(ROOT, join(entry.parentPath, entry.name)));
    }
  }
  return [...found, ...SERVER_ENTRY_POINTS];
}

/** Imports lib/server/env, touches process.env, or reads a property named AIMLAPI_KEY (a sentence naming it is no read). */
const readsEnvironment = (source: string) =>
  /from\s+["'](@\/lib\/server\/env|(\.\.?\/)+env)["']/.test(source) ||
  /\bprocess\.env\b/.test(source) ||
  /\.\s*AIMLAPI_KEY\b|\[\s*["']AIMLAPI_KEY["']\s*\]/.test(source);
const isServerOnly = (source: string) => /^(\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/)\s*)*import\s+["']server-only["'];/.test(source);

describe("the API key stays on the server", () => {
  it("lib/server/env.ts, the one reader of the key, is a server-only module", async () => {
    const source = await readFile(join(ROOT, "lib/server/env.ts"), "utf8");
    expect(isServerOnly(source)).toBe(true);
    expect(source).toMatch(/AIMLAPI_KEY/);
  });

  it("every module that reads the environment or imports lib/server/env is server-only, or a server entry point", async () => {
    const readers: string[] = [];
    const exposed: string[] = [];
    for (const file of await appSources()) {
      const source = await readFile(join(ROOT, file), "utf8");
      if (!readsEnvironment(source)) continue;
      readers.push(file);
      if (!isServerOnly(source) && !SERVER_ENTRY_POINTS.includes(file)) exposed.push(file);
    }
    expect(exposed).toEqual([]);
    // The check saw the readers it is about, so a change in layout cannot make it pass by finding none.
    expect(readers).toEqual(expect.arrayContaining(["lib/server/env.ts", "lib/server/engine/index.ts", "lib/server/studio.ts"]));
  });

  it("no client component imports the environment, the engine, the studio or the session", async () => {
    for (const file of await appSources()) {
      const source = await readFile(join(ROOT, file), "utf8");
      if (!/^\s*["']use client["']/.test(source)) continue;
      // Type-only imports vanish at build time; a value import would ship the module.
      expect(source, file).not.toMatch(/^import\s+(?!type\b)[^;]*from\s+["']@\/lib\/server\/|process\.env\.AIMLAPI/m);
    }
  });

  it("npm test builds with a known canary key, the one the e2e scan looks for", async () => {
    const { scripts } = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(scripts["build:canary"]).toBe(`AIMLAPI_KEY=${BUILD_CANARY_KEY} next build`);
    expect(scripts.test).toMatch(/npm run build:canary && .*npm run test:e2e/);
    expect(scripts.test).not.toMatch(/npm run build &&/);
    // The e2e servers build on their own when no build exists; that build must carry the canary too.
    expect(await readFile(join(ROOT, "e2e/support/serve-app.sh"), "utf8")).toContain("npm run --silent build:canary");
  });
});
