/**
 * The native gemm against a plain triple loop in float64 and against the js kernel, for
 * every transpose combination, odd sizes on both sides of each blocking and threading
 * threshold, offsets, padded row strides, alpha and beta. Tolerances are the rounding-error
 * bound of a k-term dot product (see `dotErrorBound`), so any summation order passes and any
 * indexing mistake fails. The packed product has one variant per instruction set (baseline,
 * AVX2, AVX-512); the `fusedSimd` hook caps it, so every variant this CPU runs is tested.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsKernels } from "../../../src/backend/js/index.js";
import type { FloatArray } from "../../../src/backend/kernels.js";
import { assertClose } from "../../support/assertClose.js";
import {
  DTYPES,
  type DType,
  dotErrorBound,
  fusedAddon,
  native,
  notBuilt,
  type SimdLevel,
  simdLevels,
  uniform,
  useSimdLevel,
} from "./support.js";

// The addon module, for its instruction-set hook (null when not built).
const addon = fusedAddon("cfcSequenceForward");
const LEVELS = simdLevels(addon);

interface GemmCase {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  alpha: number;
  beta: number;
  /** Elements before each matrix. */
  offset: number;
  /** Extra elements at the end of each stored row. */
  pad: number;
}

/** Everything one product needs: stored operands, strides, and C before the call. */
interface Operands {
  a: FloatArray;
  b: FloatArray;
  c0: FloatArray;
  lda: number;
  ldb: number;
  ldc: number;
}

function operands(dtype: DType, t: GemmCase, seed: number): Operands {
  const aRows = t.transA ? t.k : t.m;
  const aCols = t.transA ? t.m : t.k;
  const bRows = t.transB ? t.n : t.k;
  const bCols = t.transB ? t.k : t.n;
  const lda = aCols + t.pad;
  const ldb = bCols + t.pad;
  const ldc = t.n + t.pad;
  return {
    a: uniform(dtype, seed, t.offset + aRows * lda),
    b: uniform(dtype, seed + 1, t.offset + bRows * ldb),
    c0: uniform(dtype, seed + 2, t.offset + t.m * ldc),
    lda,
    ldb,
    ldc,
  };
}

/** op(A)[i, p] and op(B)[p, j] of the stored operands. */
function opA(t: GemmCase, o: Operands, i: number, p: number): number {
  return o.a[t.offset + (t.transA ? p * o.lda + i : i * o.lda + p)];
}
function opB(t: GemmCase, o: Operands, p: number, j: number): number {
  return o.b[t.offset + (t.transB ? j * o.ldb + p : p * o.ldb + j)];
}

/** The product by definition, in float64, and the largest sum of absolute terms. */
function reference(t: GemmCase, o: Operands): { c: Float64Array; scale: number } {
  const c = Float64Array.from(o.c0);
  let scale = 0;
  for (let i = 0; i < t.m; i++) {
    for (let j = 0; j < t.n; j++) {
      let s = 0;
      let abs = 0;
      for (let p = 0; p < t.k; p++) {
        const x = opA(t, o, i, p) * opB(t, o, p, j);
        s += x;
        abs += Math.abs(x);
      }
      const at = t.offset + i * o.ldc + j;
      const before = t.beta === 0 ? 0 : t.beta * o.c0[at];
      c[at] = t.alpha * s + before;
      scale = Math.max(scale, Math.abs(t.alpha) * abs + Math.abs(before));
    }
  }
  return { c, scale };
}

function run(kernels: typeof jsKernels, t: GemmCase, o: Operands): FloatArray {
  const c = o.c0.slice();
  kernels.gemm(
    t.transA,
    t.transB,
    t.m,
    t.n,
    t.k,
    t.alpha,
    o.a,
    t.offset,
    o.lda,
    o.b,
    t.offset,
    o.ldb,
    t.beta,
    c,
    t.offset,
    o.ldc,
  );
  return c;
}

/** Indices of C inside the m x n window. */
function windowIndices(t: GemmCase, ldc: number): number[] {
  const at: number[] = [];
  for (let i = 0; i < t.m; i++) for (let j = 0; j < t.n; j++) at.push(t.offset + i * ldc + j);
  return at;
}

// Sizes around every switch in the native product: fewer than 4 rows (direct loops), exact
// micro-tiles, k beyond one 256-deep block, m beyond one 96-row block, n beyond one
// 2048-column block, and work above 2e5 multiply-adds (split over two threads by columns
// when m < n, by rows otherwise).
const SIZES: readonly [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 5],
  [2, 3, 4],
  [3, 17, 9],
  [4, 4, 4],
  [5, 7, 3],
  [13, 1, 17],
  [6, 16, 8],
  [12, 32, 1],
  [7, 9, 300],
  [97, 45, 11],
  [64, 128, 148],
  [130, 40, 60],
  [2, 300, 400],
  [9, 2100, 11],
  [40, 70, 600],
];

const TRANSPOSES: readonly [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

function cases(): GemmCase[] {
  const out: GemmCase[] = [];
  SIZES.forEach(([m, n, k], s) => {
    TRANSPOSES.forEach(([transA, transB], t) => {
      const v = s + t;
      out.push({
        m,
        n,
        k,
        transA,
        transB,
        alpha: v % 3 === 0 ? 1 : v % 3 === 1 ? -0.5 : 2,
        beta: v % 3 === 0 ? 0 : v % 3 === 1 ? 1 : 0.75,
        offset: v % 2 === 0 ? 0 : 3,
        pad: v % 4 < 2 ? 0 : 2,
      });
    });
  });
  return out;
}

function label(t: GemmCase): string {
  return `${t.m}x${t.n}x${t.k} transA=${t.transA} transB=${t.transB} alpha=${t.alpha} beta=${t.beta} offset=${t.offset} pad=${t.pad}`;
}

function checkAllCases(dtype: DType, label0: string): void {
  cases().forEach((t, index) => {
    const o = operands(dtype, t, 100 + 3 * index);
    const { c: expected, scale } = reference(t, o);
    // Native rounding, plus the reference's own (float64), plus the final rounding of C.
    const bound = dotErrorBound(dtype, t.k + 3, scale) + dotErrorBound("float64", t.k + 3, scale);
    const got = run(native!, t, o);
    const js = run(jsKernels, t, o);
    const inside = windowIndices(t, o.ldc);
    const pick = (c: ArrayLike<number>) => inside.map((i) => c[i]);
    const where = `${label0} ${dtype} ${label(t)}`;
    assertClose(pick(got), pick(expected), { rtol: 0, atol: bound }, where);
    assertClose(pick(got), pick(js), { rtol: 0, atol: 2 * bound }, `js ${where}`);
    // Outside the window (offset, padding) C is untouched.
    const window = new Set(inside);
    for (let i = 0; i < got.length; i++) {
      if (!window.has(i)) expect(got[i], `${where} outside [${i}]`).toBe(o.c0[i]);
    }
  });
}

for (const level of LEVELS) {
  describe(`native gemm (${level})`, () => {
    beforeAll(() => useSimdLevel(addon!, level));
    afterAll(() => useSimdLevel(addon!, "avx512"));
    for (const dtype of DTYPES) {
      it(`${dtype}: equals the definition and the js kernel for every case`, () => {
        checkAllCases(dtype, level);
      });
    }
  });
}

/** Every case's C (whole stored array) with the product capped at `level`. */
function allProducts(dtype: DType, level: SimdLevel): FloatArray[] {
  useSimdLevel(addon!, level);
  try {
    return cases().map((t, index) => run(native!, t, operands(dtype, t, 100 + 3 * index)));
  } finally {
    useSimdLevel(addon!, "avx512");
  }
}

describe.skipIf(!(LEVELS.includes("avx512") && LEVELS.includes("avx2")))(
  "native gemm: AVX-512 and AVX2",
  () => {
    for (const dtype of DTYPES) {
      it(`${dtype}: sum every element in the same order (equal results)`, () => {
        const wide = allProducts(dtype, "avx512");
        const narrow = allProducts(dtype, "avx2");
        cases().forEach((t, i) => {
          expect(wide[i], label(t)).toEqual(narrow[i]);
        });
      });
    }
  },
);

describe.skipIf(notBuilt)("native gemm", () => {
  it("beta = 0 overwrites C without reading it (NaN in C does not survive)", () => {
    const a = Float64Array.from([1, 2, 3, 4, 5, 6]); // 2x3
    const b = Float64Array.from([1, 0, 0, 1, 1, 1]); // 3x2
    const c = new Float64Array(4).fill(Number.NaN);
    native!.gemm(false, false, 2, 2, 3, 1, a, 0, 3, b, 0, 2, 0, c, 0, 2);
    // [1 2 3; 4 5 6] [1 0; 0 1; 1 1] by hand.
    expect(Array.from(c)).toEqual([4, 5, 10, 11]);
  });

  it("alpha = 0 or k = 0 only scales C by beta", () => {
    const a = new Float64Array(6).fill(Number.NaN);
    const c = Float64Array.from([1, 2, 3, 4]);
    native!.gemm(false, false, 2, 2, 3, 0, a, 0, 3, a, 0, 2, 0.5, c, 0, 2);
    expect(Array.from(c)).toEqual([0.5, 1, 1.5, 2]);
    native!.gemm(false, false, 2, 2, 0, 1, a, 0, 0, a, 0, 2, 2, c, 0, 2);
    expect(Array.from(c)).toEqual([1, 2, 3, 4]);
  });

  it("a large product split over two threads equals the same product one row band at a time", () => {
    // 200 x 180 x 150 = 5.4e6 multiply-adds: split by rows; each band of 8 rows (2.2e5) is
    // split by columns instead. Every element is summed in the same order either way, so the
    // two agree exactly.
    const [m, n, k] = [200, 180, 150];
    const a = uniform("float64", 7, m * k);
    const b = uniform("float64", 8, k * n);
    const whole = new Float64Array(m * n);
    native!.gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, 0, whole, 0, n);
    const banded = new Float64Array(m * n);
    for (let i0 = 0; i0 < m; i0 += 8) {
      const rows = Math.min(8, m - i0);
      native!.gemm(false, false, rows, n, k, 1, a, i0 * k, k, b, 0, n, 0, banded, i0 * n, n);
    }
    expect(banded).toEqual(whole);
  });
});
