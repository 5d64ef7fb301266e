import type { Kernels } from "../kernels.js";
import { createNativeKernels } from "./adapter.js";
import { addonMismatch, type NativeAddon } from "./addon.js";

/** Where the install-time build (`scripts/build-native.mjs`) puts the addon, from the package root. */
export const ADDON_RELATIVE_PATH = "build/Release/ncps_native.node";

/** Options of `loadNativeKernels`. */
export interface NativeLoadOptions {
  /** The addon file to load; by default `<package root>/build/Release/ncps_native.node`. */
  readonly path?: string;
}

/** What loading the native kernels gave: the kernels, or why there are none. */
export type NativeLoadOutcome =
  | { readonly kernels: Kernels }
  | {
      readonly kernels: null;
      /** Why there are no native kernels, for messages. */
      readonly reason: string;
      /**
       * True when Node.js should have had them (the addon is missing, stale or failed to
       * load: worth the one notice); false where they cannot exist (a browser).
       */
      readonly failed: boolean;
    };

/**
 * Loads the C++ kernel set, or says why it cannot. Never throws: a missing, stale or broken
 * addon is reported as an outcome. Outside Node.js (a browser) the answer is "absent by
 * design" without touching any Node API. Node's modules are reached through
 * `process.getBuiltinModule` (Node >= 20.16), so that this file imports nothing from Node and
 * bundles for the browser unchanged.
 */
export function loadNativeKernelsWithReason(options: NativeLoadOptions = {}): NativeLoadOutcome {
  const node = nodeApis();
  if (node === null) {
    return { kernels: null, reason: "not running in Node.js", failed: false };
  }
  if (typeof node === "string") return { kernels: null, reason: node, failed: true };
  let path = options.path;
  if (path === undefined) {
    const root = packageRoot(node);
    if (root === null) {
      return { kernels: null, reason: "cannot find the ncps package folder", failed: true };
    }
    path = node.path.join(root, ADDON_RELATIVE_PATH);
  }
  if (!node.fs.existsSync(path)) {
    return {
      kernels: null,
      reason: `the addon was not built (no ${path}); a C++17 compiler and node-gyp build it with "node scripts/build-native.mjs"`,
      failed: true,
    };
  }
  let module: unknown;
  try {
    module = node.module.createRequire(import.meta.url)(path);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kernels: null, reason: `${path} failed to load: ${message}`, failed: true };
  }
  const mismatch = addonMismatch(module);
  if (mismatch !== null) return { kernels: null, reason: `${path}: ${mismatch}`, failed: true };
  return { kernels: createNativeKernels(module as NativeAddon) };
}

/** The C++ kernel set, or null when it is unavailable (see `loadNativeKernelsWithReason`). */
export function loadNativeKernels(options: NativeLoadOptions = {}): Kernels | null {
  return loadNativeKernelsWithReason(options).kernels;
}

interface NodeApis {
  readonly module: typeof import("node:module");
  readonly fs: typeof import("node:fs");
  readonly path: typeof import("node:path");
  readonly url: typeof import("node:url");
}

/** Node's modules; null outside Node.js; a reason string when this Node is too old. */
function nodeApis(): NodeApis | null | string {
  if (typeof process === "undefined" || typeof process.versions?.node !== "string") return null;
  if (typeof process.getBuiltinModule !== "function") {
    return `Node.js ${process.versions.node} lacks process.getBuiltinModule (20.16 or later needed)`;
  }
  return {
    module: process.getBuiltinModule("node:module"),
    fs: process.getBuiltinModule("node:fs"),
    path: process.getBuiltinModule("node:path"),
    url: process.getBuiltinModule("node:url"),
  };
}

/**
 * The package folder: the nearest folder above this file holding a package.json (this file
 * runs from `src/backend/native` in development and `dist/backend/native` when installed).
 */
function packageRoot(node: NodeApis): string | null {
  let dir = node.path.dirname(node.url.fileURLToPath(import.meta.url));
  for (;;) {
    if (node.fs.existsSync(node.path.join(dir, "package.json"))) return dir;
    const parent = node.path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
