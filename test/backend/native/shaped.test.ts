/**
 * The native kernels over shapes against the js kernels: broadcast binary ops, broadcast
 * gradient sums, strided copies, max reductions and the softmax family. Shapes cover
 * broadcasting on either side, size-1 and size-0 axes, scalars (no axes), permuted and
 * negative strides, offsets, and rows long enough for the vectorised paths. All of these but
 * the softmax family (which calls exp/log) agree bit for bit.
 */
import { describe, expect, it } from "vitest";
import { jsKernels } from "../../../src/backend/js/index.js";
import { BINARY_OPS, type FloatArray, type Kernels } from "../../../src/backend/kernels.js";
import { assertClose } from "../../support/assertClose.js";
import { DTYPES, type DType, native, notBuilt, uniform, zeros } from "./support.js";

/** A broadcast layout: the shape, and each operand's stored size and strides. */
interface Layout {
  shape: number[];
  aSize: number;
  aStrides: number[];
  bSize: number;
  bStrides: number[];
}

const LAYOUTS: readonly Layout[] = [
  // Same shape, contiguous: one long row.
  { shape: [3, 70], aSize: 210, aStrides: [70, 1], bSize: 210, bStrides: [70, 1] },
  // Row vector against a matrix, column vector against a matrix.
  { shape: [5, 7], aSize: 35, aStrides: [7, 1], bSize: 7, bStrides: [0, 1] },
  { shape: [5, 7], aSize: 5, aStrides: [1, 0], bSize: 35, bStrides: [7, 1] },
  // [3,1,5] op [1,4,5] -> [3,4,5], both broadcast.
  { shape: [3, 4, 5], aSize: 15, aStrides: [5, 0, 1], bSize: 20, bStrides: [0, 5, 1] },
  // A transposed operand (permuted strides) and a scalar operand.
  { shape: [6, 9], aSize: 54, aStrides: [1, 6], bSize: 1, bStrides: [0, 0] },
  // Size-1 axes in the middle, and a scalar shape.
  {
    shape: [2, 1, 3, 1, 4],
    aSize: 24,
    aStrides: [12, 12, 4, 4, 1],
    bSize: 4,
    bStrides: [0, 0, 0, 0, 1],
  },
  { shape: [], aSize: 1, aStrides: [], bSize: 1, bStrides: [] },
  // An empty shape: nothing to do.
  { shape: [4, 0, 3], aSize: 0, aStrides: [0, 3, 1], bSize: 0, bStrides: [0, 3, 1] },
];

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, s) => p * s, 1);
}

/** Values with ties and NaN sprinkled in, so min/max meet every branch. */
function values(dtype: DType, seed: number, n: number): FloatArray {
  const v = uniform(dtype, seed, n, -3, 3);
  for (let i = 0; i < n; i += 7) v[i] = 0.5;
  for (let i = 3; i < n; i += 11) v[i] = Number.NaN;
  return v;
}

/** Bit-identical, treating every NaN alike. */
function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) {
      expect.fail(`${what}: [${i}] is ${a}, expected ${e}`);
    }
  }
}

describe.skipIf(notBuilt)("native kernels over shapes", () => {
  for (const dtype of DTYPES) {
    it(`${dtype} binary equals the js kernel for every op and layout`, () => {
      LAYOUTS.forEach((l, i) => {
        const a = values(dtype, 20 + i, l.aSize);
        const b = values(dtype, 40 + i, l.bSize);
        // b's tie value equals a's, so equal pairs (and their gradients' split) occur.
        for (const op of BINARY_OPS) {
          const want = zeros(dtype, sizeOf(l.shape));
          const got = zeros(dtype, sizeOf(l.shape));
          jsKernels.binary(op, l.shape, a, l.aStrides, b, l.bStrides, want);
          native!.binary(op, l.shape, a, l.aStrides, b, l.bStrides, got);
          expectSame(got, want, `${op} over [${l.shape}]`);
        }
      });
    });

    it(`${dtype} sumBroadcast equals the js kernel, reducing any set of axes`, () => {
      const shape = [3, 4, 70];
      const x = uniform(dtype, 60, sizeOf(shape));
      // Keep all, reduce the last axis, the first, the middle, all of them.
      const targets: [number, number[]][] = [
        [840, [280, 70, 1]],
        [12, [4, 1, 0]],
        [280, [0, 70, 1]],
        [210, [70, 0, 1]],
        [1, [0, 0, 0]],
      ];
      for (const [size, strides] of targets) {
        const want = uniform(dtype, 61, size);
        const got = want.slice();
        jsKernels.sumBroadcast(shape, x, want, strides);
        native!.sumBroadcast(shape, x, got, strides);
        expectSame(got, want, `into strides [${strides}]`);
      }
    });

    it(`${dtype} stridedCopy equals the js kernel: permutes, slices, offsets, reversals`, () => {
      const x = uniform(dtype, 70, 400);
      const cases: { shape: number[]; xo: number; xs: number[]; yo: number; ys: number[] }[] = [
        // Transpose a 12x30 block.
        { shape: [30, 12], xo: 0, xs: [1, 30], yo: 0, ys: [12, 1] },
        // A 5x64 slice with offsets on both sides (contiguous rows: block copies).
        { shape: [5, 64], xo: 7, xs: [65, 1], yo: 3, ys: [64, 1] },
        // Every other element, reversed (negative stride from the last one).
        { shape: [50], xo: 99, xs: [-2], yo: 1, ys: [1] },
        // Broadcast materialisation: a row repeated.
        { shape: [4, 9], xo: 10, xs: [0, 1], yo: 0, ys: [9, 1] },
        // No axes: one element.
        { shape: [], xo: 5, xs: [], yo: 2, ys: [] },
      ];
      for (const c of cases) {
        const want = uniform(dtype, 71, 400);
        const got = want.slice();
        jsKernels.stridedCopy(c.shape, x, c.xo, c.xs, want, c.yo, c.ys);
        native!.stridedCopy(c.shape, x, c.xo, c.xs, got, c.yo, c.ys);
        expectSame(got, want, `shape [${c.shape}] x strides [${c.xs}]`);
      }
    });

    it(`${dtype} reduceMax equals the js kernel, NaN winning and first index on ties`, () => {
      for (const [outer, r, inner] of [
        [3, 5, 4],
        [1, 33, 1],
        [7, 1, 3],
        [2, 6, 0],
      ]) {
        const x = values(dtype, 80 + r, outer * r * inner);
        const run = (k: Kernels) => {
          const y = zeros(dtype, outer * inner);
          const at = new Int32Array(outer * inner);
          k.reduceMax(outer, r, inner, x, y, at);
          return { y, at };
        };
        const want = run(jsKernels);
        const got = run(native!);
        expectSame(got.y, want.y, `max of [${outer},${r},${inner}]`);
        expect(Array.from(got.at), `argmax of [${outer},${r},${inner}]`).toEqual(
          Array.from(want.at),
        );
      }
    });

    it(`${dtype} softmax, log-softmax and their gradients match the js kernel`, () => {
      // Both call exp/log, which may differ by an ulp between the C library and V8.
      const tol = dtype === "float64" ? { rtol: 1e-14, atol: 1e-15 } : { rtol: 2.4e-7, atol: 1e-7 };
      for (const [outer, r, inner] of [
        [4, 10, 3],
        [2, 65, 1],
        [1, 1, 5],
      ]) {
        const n = outer * r * inner;
        const x = uniform(dtype, 90 + r, n, -20, 20);
        const gy = uniform(dtype, 91 + r, n);
        const pairs = [
          ["softmax", "softmaxBackward"],
          ["logSoftmax", "logSoftmaxBackward"],
        ] as const;
        for (const [forward, backward] of pairs) {
          const yJs = zeros(dtype, n);
          const y = zeros(dtype, n);
          jsKernels[forward](outer, r, inner, x, yJs);
          native![forward](outer, r, inner, x, y);
          assertClose(y, yJs, tol, `${forward} [${outer},${r},${inner}]`);
          const gxJs = zeros(dtype, n);
          const gx = zeros(dtype, n);
          jsKernels[backward](outer, r, inner, yJs, gy, gxJs);
          native![backward](outer, r, inner, yJs, gy, gx);
          assertClose(gx, gxJs, tol, `${backward} [${outer},${r},${inner}]`);
        }
      }
    });
  }
});
