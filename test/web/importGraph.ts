/**
 * The load-time import graph of a TypeScript module tree: static `import`/`export ... from`
 * declarations that survive compilation (not `import type`, not all-`type` specifier lists).
 * Dynamic `import()` is left out on purpose: it runs only when its code is called.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";

/** One load-time import: the file that makes it and the specifier as written. */
export interface LoadTimeImport {
  readonly importer: string;
  readonly specifier: string;
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (clause === undefined) return false; // `import "x"` runs x
    if (clause.isTypeOnly) return true;
    if (clause.name !== undefined) return false;
    const bindings = clause.namedBindings;
    return (
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.length > 0 &&
      bindings.elements.every((e) => e.isTypeOnly)
    );
  }
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return (
    clause !== undefined &&
    ts.isNamedExports(clause) &&
    clause.elements.length > 0 &&
    clause.elements.every((e) => e.isTypeOnly)
  );
}

/** The specifiers a file imports at load time. */
export function loadTimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, "utf8"),
    ts.ScriptTarget.ES2022,
    false,
  );
  const out: string[] = [];
  for (const node of source.statements) {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      !isTypeOnly(node)
    ) {
      out.push(node.moduleSpecifier.text);
    }
  }
  return out;
}

/** The `.ts` file a relative NodeNext specifier (`./x.js`) names. */
function resolveRelative(importer: string, specifier: string): string {
  const base = join(dirname(importer), specifier);
  for (const candidate of [base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts")]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${importer}: cannot resolve ${JSON.stringify(specifier)}`);
}

/** Every file reachable at load time from `entry`, and the non-relative imports they make. */
export function walkLoadTimeGraph(entry: string): { files: string[]; external: LoadTimeImport[] } {
  const seen = new Set<string>();
  const external: LoadTimeImport[] = [];
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of loadTimeSpecifiers(file)) {
      if (specifier.startsWith(".")) queue.push(resolveRelative(file, specifier));
      else external.push({ importer: file, specifier });
    }
  }
  return { files: [...seen].sort(), external };
}
