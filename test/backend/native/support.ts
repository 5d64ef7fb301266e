/**
 * Shared pieces of the native kernel tests: the kernel set under test (null when the addon is
 * not built, and the tests skip), seeded random arrays, and rounding-error bounds.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { jsFused } from "../../../src/backend/js/fused.js";
import type { FloatArray } from "../../../src/backend/kernels.js";
import type { NativeFusedAddon } from "../../../src/backend/native/fused.js";
import { ADDON_RELATIVE_PATH, loadNativeKernels } from "../../../src/backend/native/index.js";
import { RandomState } from "../../../src/random/index.js";

/** The native kernel set, or null when `build/Release/ncps_native.node` is absent. */
export const native = loadNativeKernels();

/** True when the addon is not built: every comparison test is skipped. */
export const notBuilt = native === null;

/** The two element types, by name. */
export type DType = "float64" | "float32";
export const DTYPES: readonly DType[] = ["float64", "float32"];

/** Unit roundoff of each element type (half an ulp of 1). */
export const UNIT_ROUNDOFF: Record<DType, number> = { float64: 2 ** -53, float32: 2 ** -24 };

/** A zero-filled array of `dtype`. */
export function zeros(dtype: DType, n: number): FloatArray {
  return dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
}

/** `values` in an array of `dtype` (rounded to float32 when asked). */
export function arrayOf(dtype: DType, values: ArrayLike<number>): FloatArray {
  return dtype === "float64" ? Float64Array.from(values) : Float32Array.from(values);
}

/** `n` uniform draws in `[lo, hi)` from numpy's MT19937 RandomState(seed). */
export function uniform(dtype: DType, seed: number, n: number, lo = -1, hi = 1): FloatArray {
  const u = new RandomState(seed).rand(n);
  return arrayOf(
    dtype,
    Array.from(u, (v) => lo + (hi - lo) * v),
  );
}

/** A copy of `a` with the absolute values. */
export function absolute(a: FloatArray): Float64Array {
  return Float64Array.from(a, Math.abs);
}

/**
 * The classic bound on the rounding error of a sum of `terms` products, in any order, with or
 * without fused multiply-adds: `|computed - exact| <= gamma * sum |a_i b_i|`, where
 * `gamma = terms * u / (1 - terms * u)` (Higham, Accuracy and Stability, 3.1). Passing the
 * largest `sum |a_i b_i|` gives an absolute tolerance valid for every element.
 */
export function dotErrorBound(dtype: DType, terms: number, sumAbsProducts: number): number {
  const nu = terms * UNIT_ROUNDOFF[dtype];
  return (nu / (1 - nu)) * sumAbsProducts;
}

/** The largest element of `a`. */
export function maxOf(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

/**
 * The addon module behind the native kernel set when its fused recurrence `method` is C++
 * (Node caches native modules by path), for the test hook `fusedSimd`; null otherwise.
 */
export function fusedAddon(
  method: "cfcSequenceForward" | "ltcSequenceForward",
): NativeFusedAddon | null {
  const fused = native?.fused?.[method];
  if (fused === undefined || fused === jsFused[method]) return null;
  return createRequire(import.meta.url)(
    fileURLToPath(new URL(`../../../${ADDON_RELATIVE_PATH}`, import.meta.url)),
  ) as NativeFusedAddon;
}

/** Instruction sets the fused kernels can be capped to, widest first. */
export type SimdLevel = "avx512" | "avx2" | "baseline";

/** Caps the fused kernels of `addon` at `level`; returns the level in effect. */
export function useSimdLevel(addon: NativeFusedAddon, level: SimdLevel): string {
  return addon.fusedSimd(level);
}

/** The instruction sets this CPU runs, widest first (the comparisons run under each); leaves the widest on. */
export function simdLevels(addon: NativeFusedAddon | null): SimdLevel[] {
  if (addon === null) return [];
  const levels = (["avx512", "avx2", "baseline"] as const).filter(
    (l) => useSimdLevel(addon, l) === l,
  );
  useSimdLevel(addon, "avx512");
  return levels;
}

/** What each element is: "NaN", "+inf", "-inf" or "finite". */
function kindsOf(a: ArrayLike<number>): string[] {
  return Array.from(a, (v) =>
    Number.isNaN(v) ? "NaN" : v === Infinity ? "+inf" : v === -Infinity ? "-inf" : "finite",
  );
}

/**
 * Checks that `actual` is NaN, infinite (with its sign) or finite exactly where `expected` is:
 * kernels that differ in rounding must still agree on these when inputs hold ±∞ or NaN.
 */
export function expectSameKinds(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
): void {
  const a = kindsOf(actual);
  const e = kindsOf(expected);
  const i = a.findIndex((k, j) => k !== e[j]);
  if (a.length !== e.length || i >= 0) {
    throw new Error(
      `${what}: ${a.length} values, expected ${e.length}; first differing at [${i}]: ${actual[i]} vs ${expected[i]}`,
    );
  }
}

/** Values put into one input: infinities, NaN, and finite ones that saturate every exp. */
export const EXTREMES: readonly number[] = [
  Infinity,
  -Infinity,
  Number.NaN,
  1e30,
  -1e30,
  200,
  -200,
];

/** The outputs and input gradients of a fused sequence run, CfC or LTC. */
export interface SequenceResults {
  readout: FloatArray;
  hFinal: FloatArray;
  cFinal: FloatArray | null;
  dx: FloatArray;
  dTimespans: FloatArray | null;
  dh0: FloatArray;
  dc0: FloatArray | null;
}

/** expectSameKinds on every output and input gradient of two runs (`at` names the case). */
export function expectSameKindsOfRun(a: SequenceResults, b: SequenceResults, at: string): void {
  expectSameKinds(a.readout, b.readout, `${at}: readout`);
  expectSameKinds(a.hFinal, b.hFinal, `${at}: hFinal`);
  expectSameKinds(a.cFinal ?? [], b.cFinal ?? [], `${at}: cFinal`);
  expectSameKinds(a.dx, b.dx, `${at}: dx`);
  expectSameKinds(a.dTimespans ?? [], b.dTimespans ?? [], `${at}: dTimespans`);
  expectSameKinds(a.dh0, b.dh0, `${at}: dh0`);
  expectSameKinds(a.dc0 ?? [], b.dc0 ?? [], `${at}: dc0`);
}
