/**
 * The native element-wise kernels against the js kernels. Both compute in float64 with the
 * same formula, operation for operation, and round once into the element type, so:
 * - arithmetic (neg, abs, sqrt, relu, the scalar ops, axpy) agrees bit for bit;
 * - ops that call exp/log/tanh agree to an ulp or so in float64 (the C library's functions
 *   and V8's are different correctly-rounded-or-nearly implementations), hence a tolerance of
 *   a few ulps, and atol for the cancellations in the gradients (1 - t^2, 1 + erf);
 * - in float32 the final rounding hides that, up to one float32 ulp.
 */
import { describe, expect, it } from "vitest";
import { jsKernels } from "../../../src/backend/js/index.js";
import {
  BINARY_OPS,
  type FloatArray,
  type Kernels,
  UNARY_OPS,
  type UnaryOp,
} from "../../../src/backend/kernels.js";
import { assertClose } from "../../support/assertClose.js";
import { arrayOf, DTYPES, type DType, native, notBuilt, uniform, zeros } from "./support.js";

/** Ops whose native and js results agree exactly (no libm call). */
const EXACT_UNARY: ReadonlySet<UnaryOp> = new Set<UnaryOp>(["neg", "abs", "sqrt", "relu"]);

/** Tolerance of ops that call exp/log/tanh: a few ulps (see the file comment). */
const LIBM_TOLERANCE: Record<DType, { rtol: number; atol: number }> = {
  float64: { rtol: 1e-15, atol: 1e-15 },
  float32: { rtol: 2.4e-7, atol: 1e-38 },
};

/** Edge values every op meets: signed zeros, infinities, NaN, the softplus threshold 20. */
const SPECIAL = [
  0,
  -0,
  1,
  -1,
  20,
  20.5,
  19.5,
  -20,
  1e-300,
  -1e-300,
  700,
  -745,
  Infinity,
  -Infinity,
  NaN,
];

/** Random inputs in [-8, 8), wide ones in [-40, 40), and the special values; n is odd. */
function inputs(dtype: DType, seed: number): FloatArray {
  const narrow = Array.from(uniform(dtype, seed, 301, -8, 8));
  const wide = Array.from(uniform(dtype, seed + 1, 101, -40, 40));
  return arrayOf(dtype, [...narrow, ...wide, ...SPECIAL]);
}

/** Identical up to NaN payloads: both NaN, or the same value and sign of zero. */
function expectSame(actual: FloatArray, expected: FloatArray, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) {
      expect.fail(`${what}: [${i}] is ${a}, expected ${e}`);
    }
  }
}

/** Agreement for ops that may differ by ulps: exact on non-finite values, close elsewhere. */
function expectNear(actual: FloatArray, expected: FloatArray, dtype: DType, what: string): void {
  const finite: number[] = [];
  for (let i = 0; i < expected.length; i++) {
    if (Number.isFinite(expected[i])) finite.push(i);
    else if (
      !Object.is(actual[i], expected[i]) &&
      !(Number.isNaN(actual[i]) && Number.isNaN(expected[i]))
    ) {
      expect.fail(`${what}: [${i}] is ${actual[i]}, expected ${expected[i]}`);
    }
  }
  assertClose(
    finite.map((i) => actual[i]),
    finite.map((i) => expected[i]),
    LIBM_TOLERANCE[dtype],
    what,
  );
}

function unaryOf(k: Kernels, op: UnaryOp, x: FloatArray): FloatArray {
  const y = zeros(x instanceof Float64Array ? "float64" : "float32", x.length);
  k.unary(op, x.length, x, y);
  return y;
}

describe.skipIf(notBuilt)("native element-wise kernels", () => {
  for (const dtype of DTYPES) {
    for (const op of UNARY_OPS) {
      it(`${dtype} unary ${op} and its gradient match the js kernel`, () => {
        const x = inputs(dtype, 11);
        const n = x.length;
        const yJs = unaryOf(jsKernels, op, x);
        const y = unaryOf(native!, op, x);
        const gy = arrayOf(dtype, [...uniform(dtype, 12, n - 3), 1, -1, 0]);
        // Both gradients from the js forward output, so only the backward kernel differs.
        const gxJs = zeros(dtype, n);
        const gx = zeros(dtype, n);
        jsKernels.unaryBackward(op, n, x, yJs, gy, gxJs);
        native!.unaryBackward(op, n, x, yJs, gy, gx);
        if (EXACT_UNARY.has(op)) {
          expectSame(y, yJs, `${op} forward`);
          expectSame(gx, gxJs, `${op} backward`);
        } else {
          expectNear(y, yJs, dtype, `${op} forward`);
          expectNear(gx, gxJs, dtype, `${op} backward`);
        }
      });
    }

    it(`${dtype} unary may write in place (y = x), and touches only the first n elements`, () => {
      const x = inputs(dtype, 13);
      const expected = unaryOf(jsKernels, "relu", x);
      const inPlace = x.slice();
      native!.unary("relu", x.length - 5, inPlace, inPlace);
      expectSame(inPlace.subarray(0, x.length - 5), expected.subarray(0, x.length - 5), "in place");
      expectSame(inPlace.subarray(x.length - 5), x.subarray(x.length - 5), "beyond n");
    });

    it(`${dtype} large unary runs on both cores and still matches`, () => {
      // 80,000 sigmoids cross the threshold where the native kernel splits the range.
      const x = uniform(dtype, 14, 80_001, -10, 10);
      expectNear(
        unaryOf(native!, "sigmoid", x),
        unaryOf(jsKernels, "sigmoid", x),
        dtype,
        "sigmoid",
      );
    });

    for (const op of BINARY_OPS) {
      for (const scalarFirst of [false, true]) {
        it(`${dtype} scalarOp ${op} (scalarFirst=${scalarFirst}) equals the js kernel exactly`, () => {
          const x = inputs(dtype, 15);
          for (const s of [0.3, -2, 0, -0, Infinity, NaN, 1e-310]) {
            const want = zeros(dtype, x.length);
            const got = zeros(dtype, x.length);
            jsKernels.scalarOp(op, x.length, x, s, scalarFirst, want);
            native!.scalarOp(op, x.length, x, s, scalarFirst, got);
            expectSame(got, want, `${op} with ${s}`);
          }
        });
      }
    }

    it(`${dtype} axpy equals the js kernel exactly`, () => {
      const x = inputs(dtype, 16);
      for (const alpha of [1, -0.37, 0, 3]) {
        const want = uniform(dtype, 17, x.length);
        const got = want.slice();
        jsKernels.axpy(x.length, alpha, x, want);
        native!.axpy(x.length, alpha, x, got);
        expectSame(got, want, `alpha ${alpha}`);
      }
    });
  }

  it("float32 scalar ops round once from float64, like the js kernel", () => {
    // 1 + (2^-24 + 2^-50) in float64, rounded to float32 once, is 1 + 2^-23; rounding the
    // scalar to float32 first would give 1 + 2^-24, a tie that rounds to 1. numpy:
    // np.float32(np.float64(np.float32(1)) + s) -> 1.0000001192092896,
    // np.float32(1) + np.float32(s) -> 1.0.
    const x = Float32Array.from([1]);
    const y = new Float32Array(1);
    native!.scalarOp("add", 1, x, 2 ** -24 + 2 ** -50, false, y);
    expect(y[0]).toBe(1.0000001192092896);
  });
});
