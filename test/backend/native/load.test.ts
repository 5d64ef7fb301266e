/**
 * Loading the addon: a missing or broken file gives null (never an exception), a stale addon
 * is refused, and a built one yields a complete kernel set whose ported methods are C++ and
 * whose others are the js kernels. The addon also loads and computes in a worker thread
 * while the main thread computes at the same time.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { jsKernels } from "../../../src/backend/js/index.js";
import type { Kernels } from "../../../src/backend/kernels.js";
import {
  ADDON_RELATIVE_PATH,
  addonMismatch,
  loadNativeKernels,
  loadNativeKernelsWithReason,
  NATIVE_ABI_VERSION,
  NATIVE_METHODS,
} from "../../../src/backend/native/index.js";
import type { NativeLoadResult } from "../../../src/backend/native.js";
import { native, notBuilt } from "./support.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "ncps-native-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("loadNativeKernels", () => {
  it("returns null, with the reason, when the addon file is missing", () => {
    const path = join(scratch, "missing", "ncps_native.node");
    expect(loadNativeKernels({ path })).toBeNull();
    const outcome = loadNativeKernelsWithReason({ path });
    expect(outcome.kernels).toBeNull();
    if (outcome.kernels === null) {
      expect(outcome.failed).toBe(true);
      expect(outcome.reason).toContain(path);
    }
  });

  it("returns null, with the loader's message, when the file is not an addon", () => {
    const path = join(scratch, "garbage.node");
    writeFileSync(path, "not a shared library");
    const outcome = loadNativeKernelsWithReason({ path });
    expect(outcome.kernels).toBeNull();
    if (outcome.kernels === null) {
      expect(outcome.failed).toBe(true);
      expect(outcome.reason).toMatch(/failed to load/);
    }
  });

  it("refuses a module that is not an addon of this version", () => {
    expect(addonMismatch(null)).toMatch(/exports null/);
    expect(addonMismatch({ abiVersion: NATIVE_ABI_VERSION + 1 })).toMatch(/version 2, expected 1/);
    const partial: Record<string, unknown> = { abiVersion: NATIVE_ABI_VERSION, gemm: () => {} };
    expect(addonMismatch(partial)).toMatch(/lacks unary, unaryBackward/);
    const full: Record<string, unknown> = { abiVersion: NATIVE_ABI_VERSION };
    for (const name of NATIVE_METHODS) full[name] = () => {};
    expect(addonMismatch(full)).toBeNull();
  });

  it.skipIf(notBuilt)(
    "gives a complete set: C++ for the ported methods and the fused recurrences, js for the rest",
    () => {
      const k = native!;
      expect(k.name).toBe("native");
      const ported = new Set<string>(NATIVE_METHODS);
      for (const key of Object.keys(jsKernels) as (keyof Kernels)[]) {
        if (key === "name") continue;
        if (key === "fused") {
          // the fused recurrences are C++ too; fusedKernels() merges them over js per method
          expect(k.fused, key).not.toBe(jsKernels.fused);
          expect(typeof k.fused?.cfcSequenceForward).toBe("function");
          expect(typeof k.fused?.ltcSequenceForward).toBe("function");
        } else if (ported.has(key)) {
          expect(typeof k[key], key).toBe("function");
          expect(k[key], key).not.toBe(jsKernels[key]);
        } else {
          expect(k[key], key).toBe(jsKernels[key]);
        }
      }
    },
  );

  it("reports outcomes in the shape the backend selector expects", () => {
    // Compile-time check: src/backend/native.ts can return this outcome unchanged.
    const outcome: NativeLoadResult = loadNativeKernelsWithReason({ path: join(scratch, "none") });
    expect(outcome.kernels).toBeNull();
  });

  it.skipIf(notBuilt)("loads from the default place, build/Release under the package root", () => {
    expect(loadNativeKernels()?.name).toBe("native");
    expect(loadNativeKernels({ path: join(ROOT, ADDON_RELATIVE_PATH) })?.name).toBe("native");
  });

  it.skipIf(notBuilt)(
    "works in a worker thread while the main thread runs a product too",
    async () => {
      // Both threads compute the same 160x150x140 product (large enough to want the second
      // core, which only one of them gets); either way every element is summed in the same
      // order, so the results are identical.
      const [m, n, k] = [160, 150, 140];
      const source = `
      const { parentPort, workerData } = require("node:worker_threads");
      const addon = require(workerData.path);
      const [m, n, k] = workerData.dims;
      const a = Float64Array.from({ length: m * k }, (_, i) => Math.sin(i));
      const b = Float64Array.from({ length: k * n }, (_, i) => Math.cos(i));
      const c = new Float64Array(m * n);
      for (let r = 0; r < 20; r++) {
        addon.gemm(Float64Array.of(0, 0, m, n, k, 1, 0, k, 0, n, 0, 0, n), a, b, c);
      }
      parentPort.postMessage(c);
    `;
      const worker = new Worker(source, {
        eval: true,
        workerData: { path: join(ROOT, ADDON_RELATIVE_PATH), dims: [m, n, k] },
      });
      const fromWorker = new Promise<Float64Array>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      const a = Float64Array.from({ length: m * k }, (_, i) => Math.sin(i));
      const b = Float64Array.from({ length: k * n }, (_, i) => Math.cos(i));
      const c = new Float64Array(m * n);
      for (let r = 0; r < 20; r++)
        native!.gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, 0, c, 0, n);
      const other = await fromWorker;
      await worker.terminate();
      expect(other).toEqual(c);
    },
  );
});
