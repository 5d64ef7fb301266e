/**
 * The WebAssembly SIMD product against the scalar loops: the same contract and the same bits
 * (every output one in-order sum, then bias, then the old value), for every tile remainder,
 * strides and offsets, both element types, with and without bias and accumulation. And the
 * committed module is the assembly of gemm.wat.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script without typings
import { assembleWat } from "../../../../scripts/wasm-assemble.mjs";
import type { FloatArray } from "../../../../src/backend/js/activations.js";
import { gemmNT, scalarGemmNT } from "../../../../src/backend/js/cfcGemm.js";
import { GEMM_WASM } from "../../../../src/backend/js/simd/gemmWasm.js";
import { wasmGemm } from "../../../../src/backend/js/simd/wasmGemm.js";

/** Deterministic values in [-1, 1) with a few exact zeros, negative zeros and large ones. */
function values(n: number, seed: number, type: "f32" | "f64"): FloatArray {
  const out = type === "f32" ? new Float32Array(n) : new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    out[i] = i % 17 === 0 ? 0 : i % 23 === 0 ? -0 : i % 29 === 0 ? 1e6 * (u - 0.5) : 2 * u - 1;
  }
  return out;
}

interface Case {
  m: number;
  n: number;
  k: number;
  type: "f32" | "f64";
  bias: boolean;
  accumulate: boolean;
  padding: number;
}

function run(
  product: typeof gemmNT,
  { m, n, k, type, bias, accumulate, padding }: Case,
  seed: number,
): Float64Array {
  const lda = k + padding;
  const ldw = k + 2 * padding;
  const ldc = n + padding;
  const a = values(3 + m * lda, seed, "f64");
  const w = values(5 + n * ldw, seed + 1, type);
  const b = bias ? values(2 + n, seed + 2, type) : null;
  const c = values(7 + m * ldc, seed + 3, "f64") as Float64Array;
  product(m, n, k, a, 3, lda, w, 5, ldw, b, 2, c, 7, ldc, accumulate);
  return c;
}

describe("WebAssembly SIMD gemmNT", () => {
  it("is available in Node", () => {
    expect(wasmGemm).not.toBeNull();
  });

  it("gives the scalar loops' exact results for every shape remainder and option", () => {
    let checked = 0;
    let seed = 1;
    for (const m of [1, 3, 4, 5, 8, 11, 64])
      for (const n of [1, 3, 4, 6, 9, 64])
        for (const k of [1, 2, 7, 84])
          for (const type of ["f32", "f64"] as const)
            for (const [bias, accumulate, padding] of [
              [true, false, 0],
              [false, true, 3],
              [true, true, 1],
            ] as const) {
              const c: Case = { m, n, k, type, bias, accumulate, padding };
              const wasm = run((...args) => wasmGemm?.gemmNT(...args), c, seed);
              const scalar = run(scalarGemmNT, c, seed);
              expect(Array.from(wasm), JSON.stringify(c)).toEqual(Array.from(scalar));
              seed++;
              checked++;
            }
    expect(checked).toBe(7 * 6 * 4 * 2 * 3);
  });

  it("is what gemmNT runs for products of many rows, with the same results", () => {
    const c: Case = {
      m: 64,
      n: 128,
      k: 84,
      type: "f32",
      bias: true,
      accumulate: false,
      padding: 0,
    };
    expect(Array.from(run(gemmNT, c, 9))).toEqual(Array.from(run(scalarGemmNT, c, 9)));
  });

  it("propagates NaN and infinities like the scalar loops", () => {
    const c: Case = { m: 8, n: 5, k: 6, type: "f64", bias: true, accumulate: true, padding: 0 };
    const poison = (product: typeof gemmNT) =>
      run(
        (m, n, k, a, aOff, lda, w, ...rest) => {
          a[aOff + 2] = Number.NaN;
          w[0] = Number.POSITIVE_INFINITY;
          product(m, n, k, a, aOff, lda, w, ...rest);
        },
        c,
        4,
      );
    const wasm = poison((...args) => wasmGemm?.gemmNT(...args));
    const scalar = poison(scalarGemmNT);
    expect(wasm.some(Number.isNaN)).toBe(true);
    expect(Array.from(wasm)).toEqual(Array.from(scalar));
  });

  it("is the assembly of gemm.wat (run npm run build:wasm after editing it)", async () => {
    const bytes: Uint8Array = await assembleWat(
      new URL("../../../../src/backend/js/simd/gemm.wat", import.meta.url).pathname,
    );
    expect(GEMM_WASM).toBe(Buffer.from(bytes).toString("base64"));
  });
});
