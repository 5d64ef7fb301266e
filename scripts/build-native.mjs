#!/usr/bin/env node
// Builds the C++ kernels (native/, binding.gyp) into build/Release/ncps_native.node with
// node-gyp. Run at install time: when the build fails (no compiler, no headers) it prints one
// line saying the js kernels will be used and exits 0, so that installing ncps never fails
// for want of a compiler.
//
//   node scripts/build-native.mjs            quietly (output kept in build/native-build.log)
//   node scripts/build-native.mjs --verbose  showing node-gyp's output
//   node scripts/build-native.mjs --strict   exiting 1 when the build fails (CI)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const ADDON = join(ROOT, "build", "Release", "ncps_native.node");
const LOG = join(ROOT, "build", "native-build.log");
const verbose = process.argv.includes("--verbose");
const strict = process.argv.includes("--strict");
/** node-gyp's entry script inside an npm installation's folder. */
const NODE_GYP_IN_NPM = ["node_modules", "node-gyp", "bin", "node-gyp.js"];
/** Messages of a missing compiler or build tool (make, g++, Visual Studio, Xcode). */
const NO_COMPILER = new RegExp(
  [
    "not found: (make|g\\+\\+|c\\+\\+|cc)",
    "No such file or directory.*(c\\+\\+|g\\+\\+)",
    "Could not find any Visual Studio",
    "xcrun: error",
  ].join("|"),
  "i",
);

/** node-gyp's entry script: npm's own copy first (npm bundles it), then other places. */
function findNodeGyp() {
  const candidates = [];
  // npm sets this for lifecycle scripts (npm >= 7) to its bundled node-gyp.
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  // npm's own folder, from the npm that runs this script or from beside the node binary.
  if (process.env.npm_execpath) {
    candidates.push(join(dirname(dirname(process.env.npm_execpath)), ...NODE_GYP_IN_NPM));
  }
  const prefix = dirname(dirname(process.execPath));
  candidates.push(join(prefix, "lib", "node_modules", "npm", ...NODE_GYP_IN_NPM)); // Unix
  const beside = dirname(process.execPath);
  candidates.push(join(beside, "node_modules", "npm", ...NODE_GYP_IN_NPM)); // Windows
  try {
    candidates.push(createRequire(join(ROOT, "package.json")).resolve("node-gyp/bin/node-gyp.js"));
  } catch {
    // not installed as a package: fine
  }
  return candidates.find((path) => path.endsWith(".js") && existsSync(path)) ?? null;
}

/**
 * node-gyp downloads Node's headers unless told where they are. Node's own installation
 * usually ships them (<prefix>/include/node), which works offline and always matches.
 */
function headerArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = dirname(dirname(process.execPath));
  const include = join(prefix, "include", "node");
  if (existsSync(join(include, "node_api.h")) && existsSync(join(include, "common.gypi"))) {
    return [`--nodedir=${prefix}`];
  }
  return [];
}

/** Runs node-gyp rebuild; returns null on success, else a short reason. */
function build() {
  const nodeGyp = findNodeGyp();
  const args = ["rebuild", "--release", "-j", "max", ...headerArgs()];
  const options = {
    cwd: ROOT,
    encoding: "utf8",
    stdio: verbose ? "inherit" : "pipe",
    timeout: 600_000,
  };
  const result = nodeGyp
    ? spawnSync(process.execPath, [nodeGyp, ...args], options)
    : spawnSync("node-gyp", args, { ...options, shell: process.platform === "win32" });
  if (!verbose) {
    mkdirSync(dirname(LOG), { recursive: true });
    writeFileSync(LOG, `${result.stdout ?? ""}${result.stderr ?? ""}`);
  }
  if (result.error) {
    return result.error.code === "ENOENT" ? "node-gyp not found" : result.error.message;
  }
  if (result.status !== 0) {
    const output = `${result.stderr ?? ""}${result.stdout ?? ""}`;
    if (NO_COMPILER.test(output)) return "no C++ compiler";
    if (/find Python|Could not find any Python/i.test(output)) return "no Python for node-gyp";
    return `node-gyp exited with ${result.status ?? result.signal}`;
  }
  if (!existsSync(ADDON)) return `node-gyp succeeded but ${ADDON} is missing`;
  try {
    const addon = createRequire(import.meta.url)(ADDON);
    if (typeof addon.gemm !== "function") return "the built addon lacks its kernels";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `the built addon does not load (${message})`;
  }
  return null;
}

const failure = build();
if (failure === null) {
  console.log(`ncps: native kernels built (${ADDON})`);
} else {
  const log = verbose ? "" : `; see ${LOG}`;
  console.warn(`ncps: native kernels not built (${failure}${log}); the js kernels will be used`);
  if (strict) process.exitCode = 1;
}
