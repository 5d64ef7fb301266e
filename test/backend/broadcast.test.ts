import { describe, expect, it } from "vitest";
import { jsKernels } from "../../src/backend/index.js";

const f64 = (...v: number[]): Float64Array => Float64Array.from(v);

describe("strided kernels", () => {
  it("binary broadcasts a column against a row", () => {
    // a: [2,1] = [[1],[2]], b: [3] = [10,20,30] -> [[11,21,31],[12,22,32]]
    const y = new Float64Array(6);
    jsKernels.binary("add", [2, 3], f64(1, 2), [1, 0], f64(10, 20, 30), [0, 1], y);
    expect(Array.from(y)).toEqual([11, 21, 31, 12, 22, 32]);
  });

  it("binary with a zero-size shape writes nothing", () => {
    const y = new Float64Array(0);
    jsKernels.binary("mul", [0, 3], f64(), [3, 1], f64(1, 2, 3), [0, 1], y);
    expect(y.length).toBe(0);
  });

  it("where selects by a broadcast mask", () => {
    const y = new Float64Array(4);
    jsKernels.where([2, 2], f64(1, 0), [0, 1], f64(1, 2, 3, 4), [2, 1], f64(-1), [0, 0], y);
    expect(Array.from(y)).toEqual([1, -1, 3, -1]);
  });

  it("sumBroadcast reduces over zero-stride axes, accumulating", () => {
    // x [2,3] = [[1,2,3],[4,5,6]] summed over axis 0 into y (which starts at 100).
    const y = f64(100, 100, 100);
    jsKernels.sumBroadcast([2, 3], f64(1, 2, 3, 4, 5, 6), y, [0, 1]);
    expect(Array.from(y)).toEqual([105, 107, 109]);
    const rows = f64(0, 0);
    jsKernels.sumBroadcast([2, 3], f64(1, 2, 3, 4, 5, 6), rows, [1, 0]);
    expect(Array.from(rows)).toEqual([6, 15]);
  });

  it("stridedCopy transposes and writes at an offset", () => {
    // x [2,3] read transposed -> [3,2], written after two leading slots.
    const y = new Float64Array(8);
    jsKernels.stridedCopy([3, 2], f64(1, 2, 3, 4, 5, 6), 0, [1, 3], y, 2, [2, 1]);
    expect(Array.from(y)).toEqual([0, 0, 1, 4, 2, 5, 3, 6]);
  });

  it("stridedCopy moves long contiguous rows in float32", () => {
    const x = Float32Array.from({ length: 200 }, (_, i) => i);
    const y = new Float32Array(100);
    // Rows 1 of a [2,100] source into a [1,100] destination.
    jsKernels.stridedCopy([1, 100], x, 100, [100, 1], y, 0, [100, 1]);
    expect(y[0]).toBe(100);
    expect(y[99]).toBe(199);
  });

  it("extremumBackward sends the gradient to the winner and splits ties", () => {
    const ga = new Float64Array(3);
    const gb = new Float64Array(3);
    jsKernels.extremumBackward(
      true,
      [3],
      f64(1, 5, 2),
      [1],
      f64(3, 0, 2),
      [1],
      f64(1, 1, 1),
      ga,
      gb,
    );
    expect(Array.from(ga)).toEqual([0, 1, 0.5]);
    expect(Array.from(gb)).toEqual([1, 0, 0.5]);
    jsKernels.extremumBackward(
      false,
      [3],
      f64(1, 5, 2),
      [1],
      f64(3, 0, 2),
      [1],
      f64(1, 1, 1),
      ga,
      gb,
    );
    expect(Array.from(ga)).toEqual([1, 0, 0.5]);
    expect(Array.from(gb)).toEqual([0, 1, 0.5]);
  });

  it("reduceMax returns the first maximum and lets NaN win", () => {
    const y = new Float64Array(2);
    const at = new Int32Array(2);
    jsKernels.reduceMax(2, 3, 1, f64(1, 4, 4, 2, Number.NaN, 9), y, at);
    expect(y[0]).toBe(4);
    expect(Array.from(at)).toEqual([1, 1]);
    expect(y[1]).toBeNaN();
  });
});
