import { readdirSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join, relative } from "node:path";
import ts from "typescript";

/**
 * The studio's import graph as TypeScript resolves it (the `@/` alias included), with what the
 * boundary rules need to know of each file: which runtime directive it starts with, whether it
 * imports "server-only", and which of its imports survive compilation (type-only ones do not).
 */
export interface SourceFile {
  path: string;
  client: boolean;
  server: boolean;
  serverOnly: boolean;
  imports: Import[];
}

export interface Import {
  specifier: string;
  /** Project-relative path when the import resolves to a file of the project, else null. */
  target: string | null;
  typeOnly: boolean;
}

const SOURCE = /\.(ts|tsx|mts)$/;

export function readImportGraph(root: string, folders: readonly string[]): Map<string, SourceFile> {
  const options: ts.CompilerOptions = {
    baseUrl: root,
    paths: { "@/*": ["./*"] },
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    module: ts.ModuleKind.ESNext,
    resolveJsonModule: true,
    allowJs: false,
  };
  const graph = new Map<string, SourceFile>();
  for (const file of folders.flatMap((folder) => sourcesUnder(root, folder))) {
    const text = readFileSync(join(root, file), "utf8");
    const parsed = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    graph.set(file, {
      path: file,
      client: hasDirective(parsed, "use client"),
      server: hasDirective(parsed, "use server"),
      serverOnly: importsOf(parsed).some((entry) => entry.specifier === "server-only"),
      imports: importsOf(parsed).map((entry) => {
        const resolved = ts.resolveModuleName(entry.specifier, join(root, file), options, ts.sys).resolvedModule;
        const inProject = resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.includes("node_modules");
        return { ...entry, target: inProject ? relative(root, resolved.resolvedFileName) : null };
      }),
    });
  }
  return graph;
}

export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || isBuiltin(specifier);
}

function sourcesUnder(root: string, folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(root, folder), { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts"))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

function hasDirective(file: ts.SourceFile, directive: string): boolean {
  for (const statement of file.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === directive) return true;
  }
  return false;
}

function importsOf(file: ts.SourceFile): Array<{ specifier: string; typeOnly: boolean }> {
  const found: Array<{ specifier: string; typeOnly: boolean }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = !!clause && (clause.isTypeOnly || allNamedAreTypes(clause));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function allNamedAreTypes(clause: ts.ImportClause): boolean {
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}
