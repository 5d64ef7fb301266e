/**
 * Bad arguments reach the C++ kernels only as errors: every array is checked to hold every
 * element a call touches, and each message names the function, the argument, what was
 * expected and what was received.
 */
import { describe, expect, it } from "vitest";
import type { Conv2dGeometry, UnaryOp } from "../../../src/backend/kernels.js";
import { native, notBuilt } from "./support.js";

describe.skipIf(notBuilt)("native kernels reject bad arguments", () => {
  const k = native!;
  const f64 = (n: number) => new Float64Array(n);

  it("gemm: a matrix that does not fit its array", () => {
    expect(() =>
      k.gemm(false, false, 2, 2, 3, 1, f64(5), 0, 3, f64(6), 0, 2, 0, f64(4), 0, 2),
    ).toThrow(
      new RangeError("gemm: a has 5 elements, needs 6 (2x3 from offset 0 with row stride 3)"),
    );
    expect(() =>
      k.gemm(false, false, 2, 2, 3, 1, f64(6), 0, 3, f64(6), 0, 2, 0, f64(4), 1, 2),
    ).toThrow(/gemm: c has 4 elements, needs 5/);
    expect(() =>
      k.gemm(true, false, 2, 2, 3, 1, f64(6), 0, 1, f64(6), 0, 2, 0, f64(4), 0, 2),
    ).toThrow(new RangeError("gemm: lda must be at least 2 (the row length of a), got 1"));
  });

  it("gemm: sizes that are not non-negative integers", () => {
    expect(() =>
      k.gemm(false, false, -1, 2, 3, 1, f64(6), 0, 3, f64(6), 0, 2, 0, f64(4), 0, 2),
    ).toThrow(new RangeError("gemm: m must be a non-negative integer, got -1"));
    expect(() =>
      k.gemm(false, false, 1.5, 2, 3, 1, f64(6), 0, 3, f64(6), 0, 2, 0, f64(4), 0, 2),
    ).toThrow(/gemm: m must be a non-negative integer, got 1.5/);
  });

  it("arrays of different element types, or not float arrays at all", () => {
    const f32 = new Float32Array(3) as unknown as Float64Array;
    expect(() => k.axpy(3, 1, f64(3), f32)).toThrow(
      new TypeError("axpy: y must have the element type of x (Float64Array), got Float32Array"),
    );
    const notArray = [1, 2, 3] as unknown as Float64Array;
    expect(() => k.unary("exp", 3, notArray, f64(3))).toThrow(
      new TypeError("unary: x must be a Float32Array or Float64Array, got an Array"),
    );
    const ints = new Int32Array(2) as unknown as Float64Array;
    expect(() => k.axpy(2, 1, ints, f64(2))).toThrow(
      /axpy: x must be a Float32Array or Float64Array, got Int32Array/,
    );
    const argmax = new Float64Array(2) as unknown as Int32Array;
    expect(() => k.reduceMax(1, 2, 1, f64(2), f64(1), argmax)).toThrow(
      new TypeError("reduceMax: argmax must be an Int32Array, got Float64Array"),
    );
  });

  it("element-wise kernels: n beyond an array, unknown ops", () => {
    expect(() => k.unary("tanh", 4, f64(4), f64(3))).toThrow(
      new RangeError("unary: y has 3 elements, needs 4 (n)"),
    );
    expect(() => k.unary("bogus" as UnaryOp, 1, f64(1), f64(1))).toThrow(
      new RangeError("unary: op must be a UnaryOp, got bogus"),
    );
    expect(() => k.scalarOp("pow" as "add", 1, f64(1), 2, false, f64(1))).toThrow(
      new RangeError("scalarOp: op must be a BinaryOp, got pow"),
    );
  });

  it("shaped kernels: stride lists of the wrong length, strides that leave the array", () => {
    expect(() => k.binary("add", [2, 3], f64(6), [3], f64(6), [3, 1], f64(6))).toThrow(
      new RangeError("binary: aStrides must have 2 entries (one per axis of shape), got 1"),
    );
    expect(() => k.binary("add", [2, 3], f64(6), [3, 1], f64(3), [3, 1], f64(6))).toThrow(
      new RangeError("binary: b has 3 elements, needs 6 (as addressed by bStrides)"),
    );
    expect(() => k.stridedCopy([3], f64(6), 1, [-1], f64(3), 0, [1])).toThrow(
      new RangeError("stridedCopy: xStrides reach index -1 of x, below 0"),
    );
    expect(() => k.sumBroadcast([2, -1], f64(6), f64(6), [1, 1])).toThrow(
      new RangeError("sumBroadcast: shape must hold non-negative sizes, got -1 at [1]"),
    );
    expect(() => k.softmax(2, 3, 1, f64(5), f64(6))).toThrow(
      new RangeError("softmax: x has 5 elements, needs 6 (outer x r x inner)"),
    );
    expect(() => k.reduceMax(2, 0, 1, f64(0), f64(2), new Int32Array(2))).toThrow(
      new RangeError("reduceMax: r must be at least 1, got 0"),
    );
  });

  it("conv2d: an output size that does not follow from the geometry, arrays too short", () => {
    const g: Conv2dGeometry = {
      batch: 1,
      inChannels: 1,
      inHeight: 5,
      inWidth: 5,
      outChannels: 1,
      kernelHeight: 3,
      kernelWidth: 3,
      strideH: 1,
      strideW: 1,
      padH: 0,
      padW: 0,
      outHeight: 4,
      outWidth: 3,
    };
    expect(() => k.conv2d(g, f64(25), f64(9), null, f64(12))).toThrow(
      new RangeError(
        "conv2d: g.outHeight x g.outWidth must be 3x3 for this input, kernel, stride and padding, got 4x3",
      ),
    );
    const good = { ...g, outHeight: 3 };
    expect(() => k.conv2dBackwardWeight(good, f64(25), f64(9), f64(8))).toThrow(
      new RangeError(
        "conv2dBackwardWeight: gw has 8 elements, needs 9 (outChannels x inChannels x kernel)",
      ),
    );
    expect(() => k.conv2d({ ...good, strideH: 0 }, f64(25), f64(9), null, f64(9))).toThrow(
      /conv2d: g.strideH and g.strideW must be at least 1, got 0 and 1/,
    );
  });
});
