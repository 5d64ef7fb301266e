import { describe, expect, it } from "vitest";
import { jsKernels } from "../../src/backend/index.js";
import { assertClose } from "../support/assertClose.js";
import { seededRandom } from "../support/gradcheck.js";

/** C = alpha op(A) op(B) + beta C by the textbook triple loop, for comparison. */
function reference(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  b: Float64Array,
  beta: number,
  c: Float64Array,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
      }
      out[i * n + j] = alpha * s + beta * c[i * n + j];
    }
  }
  return out;
}

const random = seededRandom(7);
const fill = (n: number): Float64Array => Float64Array.from({ length: n }, () => 2 * random() - 1);

describe("gemm", () => {
  // Small shapes take the direct loops; large ones the packed, blocked path (k > 256 blocks),
  // on WebAssembly SIMD when alpha is 1 and there are 8 or more rows.
  const shapes: [number, number, number][] = [
    [1, 5, 3],
    [3, 4, 2],
    [7, 9, 5],
    [9, 6, 4],
    [33, 70, 300],
  ];
  for (const [m, n, k] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        for (const alpha of [0.75, 1]) {
          it(`matches the triple loop for m=${m} n=${n} k=${k} transA=${transA} transB=${transB} alpha=${alpha}`, () => {
            const a = fill(m * k);
            const b = fill(k * n);
            const c = fill(m * n);
            const expected = reference(transA, transB, m, n, k, alpha, a, b, -0.5, c);
            const lda = transA ? m : k;
            const ldb = transB ? k : n;
            jsKernels.gemm(transA, transB, m, n, k, alpha, a, 0, lda, b, 0, ldb, -0.5, c, 0, n);
            assertClose(c, expected, { atol: 1e-12, rtol: 1e-12 }, "C");
          });
        }
      }
    }
  }

  it("beta = 0 overwrites C without reading it (NaN does not survive)", () => {
    const a = Float64Array.of(1, 2, 3, 4);
    const b = Float64Array.of(5, 6, 7, 8);
    const c = Float64Array.of(Number.NaN, Number.NaN, Number.NaN, Number.NaN);
    jsKernels.gemm(false, false, 2, 2, 2, 1, a, 0, 2, b, 0, 2, 0, c, 0, 2);
    // [[1,2],[3,4]] . [[5,6],[7,8]] = [[19,22],[43,50]]
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
  });

  it("honours offsets and leading dimensions (a sub-block of larger arrays)", () => {
    // A is the 2x2 block at row 1, column 1 of a 3x4 array; C the 2x2 block at (0, 1) of 2x3.
    const a = Float64Array.of(0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0);
    const b = Float64Array.of(5, 6, 7, 8);
    const c = Float64Array.of(9, 1, 1, 9, 1, 1);
    jsKernels.gemm(false, false, 2, 2, 2, 1, a, 5, 4, b, 0, 2, 1, c, 1, 3);
    expect(Array.from(c)).toEqual([9, 20, 23, 9, 44, 51]);
  });

  it("runs in float32 with float32 rounding of the result", () => {
    const m = 6;
    const n = 5;
    const k = 40;
    const a = fill(m * k);
    const b = fill(n * k);
    const c = new Float32Array(m * n);
    jsKernels.gemm(
      false,
      true,
      m,
      n,
      k,
      1,
      Float32Array.from(a),
      0,
      k,
      Float32Array.from(b),
      0,
      k,
      0,
      c,
      0,
      n,
    );
    const expected = reference(false, true, m, n, k, 1, a, b, 0, new Float64Array(m * n));
    assertClose(c, expected, { atol: 1e-5, rtol: 1e-5 }, "C");
  });

  it("leaves C scaled by beta when k is 0", () => {
    const c = Float64Array.of(2, 4);
    jsKernels.gemm(
      false,
      false,
      1,
      2,
      0,
      1,
      new Float64Array(0),
      0,
      0,
      new Float64Array(0),
      0,
      2,
      0.5,
      c,
      0,
      2,
    );
    expect(Array.from(c)).toEqual([1, 2]);
  });
});
