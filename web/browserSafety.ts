/**
 * A Vite/Rollup plugin that keeps a browser bundle free of Node.js built-ins:
 *
 * - A static import of a built-in (`node:fs`, `fs`, ...) fails the build, naming the importer,
 *   instead of Vite's silent "externalized for browser compatibility" stub.
 * - A dynamic `import()` is left to the runtime rather than bundled. The library loads its
 *   Node-only helpers that way (`saveSafetensors` imports `node:fs` when called), and the
 *   browser entry does not export them, so tree-shaking drops those calls; any that survive
 *   show up as the chunk's `dynamicImports`, which the browser-entry test rejects.
 */
import { builtinModules } from "node:module";
import type { Plugin } from "vite";

const BUILTINS = new Set(builtinModules);

/** True for `node:x` and for the bare names of Node's built-in modules (`fs`, `fs/promises`). */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || BUILTINS.has(specifier);
}

/** The plugin; see the module comment. */
export function browserSafety(): Plugin {
  return {
    name: "ncps-browser-safety",
    // Builds only: the dev server loads modules on demand, so nothing is bundled ahead.
    apply: "build",
    enforce: "pre",
    resolveDynamicImport(specifier) {
      return typeof specifier === "string" ? false : null;
    },
    resolveId(source, importer) {
      if (isNodeBuiltin(source)) {
        throw new Error(
          `browser bundle: ${importer ?? "the entry"} imports the Node.js built-in ${JSON.stringify(source)} at load time`,
        );
      }
      return null;
    },
  };
}
