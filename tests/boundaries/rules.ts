import { isNodeBuiltin, readImportGraph, type SourceFile } from "./import-graph";

/**
 * The layering the folders promise, checked over the real import graph:
 * - lib/server/** starts with `import "server-only"` (disk, network, database, secrets live there);
 * - lib/shared/** and lib/browser/** run in the browser: no node builtins, no server-only, no lib/server;
 * - lib/** never imports React, Next's UI modules, components/ or app/;
 * - nothing a client component reaches at run time (type imports vanish, "use server" modules become
 *   references) is a lib/server module, server-only, or a node builtin;
 * - nor classic zod: browser code writes its schemas with zod/mini (lib/shared/zod), since classic zod
 *   anywhere in the browser's code, even a part loaded on demand, keeps all of zod's core in the first load.
 */
export const FOLDERS = ["app", "components", "lib"] as const;

const UI_MODULES = /^(react|react-dom)(\/|$)|^next\/(link|image|navigation|dynamic|script|font)(\/|$)|^@tanstack\/react-|^@radix-ui\//;

export function findViolations(root: string): string[] {
  const graph = readImportGraph(root, FOLDERS);
  const violations: string[] = [];
  for (const file of graph.values()) {
    if (file.path.startsWith("lib/server/") && !file.serverOnly) {
      violations.push(`${file.path} is in lib/server but does not import "server-only"`);
    }
    if (file.path.startsWith("lib/")) violations.push(...libImportViolations(file));
  }
  violations.push(...clientReachViolations(graph));
  return violations;
}

function libImportViolations(file: SourceFile): string[] {
  const found: string[] = [];
  const browserSafe = file.path.startsWith("lib/shared/") || file.path.startsWith("lib/browser/");
  for (const entry of file.imports) {
    if (UI_MODULES.test(entry.specifier)) found.push(`${file.path} imports ${entry.specifier}: lib/ never imports React or UI modules`);
    if (entry.target?.startsWith("components/") || entry.target?.startsWith("app/")) {
      found.push(`${file.path} imports ${entry.target}: lib/ never imports upward`);
    }
    if (!browserSafe || entry.typeOnly) continue;
    if (isNodeBuiltin(entry.specifier) || entry.specifier === "server-only" || entry.target?.startsWith("lib/server/")) {
      found.push(`${file.path} imports ${entry.target ?? entry.specifier}: browser-safe code may not reach the server`);
    }
  }
  return found;
}

function clientReachViolations(graph: Map<string, SourceFile>): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const stack = [...graph.values()].filter((file) => file.client).map((file) => ({ path: file.path, via: [file.path] }));
  while (stack.length > 0) {
    const { path, via } = stack.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const file = graph.get(path);
    if (!file || (file.server && !file.client)) continue;
    for (const entry of file.imports) {
      if (entry.typeOnly) continue;
      const chain = [...via, entry.target ?? entry.specifier].join(" → ");
      if (entry.specifier === "server-only" || isNodeBuiltin(entry.specifier) || entry.target?.startsWith("lib/server/")) {
        found.push(`client code reaches the server: ${chain}`);
      } else if (entry.specifier === "zod") {
        found.push(`client code reaches classic zod (use lib/shared/zod, zod/mini): ${chain}`);
      } else if (entry.target) {
        stack.push({ path: entry.target, via: [...via, entry.target] });
      }
    }
  }
  return found;
}
