import { describe, expect, it } from "vitest";
import {
  arange,
  full,
  ones,
  onesLike,
  Parameter,
  reshape,
  Tensor,
  tensor,
  zeros,
  zerosLike,
} from "../../src/tensor/index.js";

describe("tensor()", () => {
  it("infers the shape of nested arrays and defaults to float32", () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe("float32");
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.size).toBe(6);
    expect(t.ndim).toBe(2);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it("makes a scalar from a number, with item()", () => {
    const t = tensor(2.5, { dtype: "float64" });
    expect(t.shape).toEqual([]);
    expect(t.item()).toBe(2.5);
    expect(t.toArray()).toBe(2.5);
  });

  it("copies a typed array, keeping its dtype unless told", () => {
    const src = Float64Array.of(1, 2, 3, 4);
    const t = tensor(src, { shape: [2, 2] });
    expect(t.dtype).toBe("float64");
    src[0] = 99;
    expect(t.data[0]).toBe(1);
    const narrow = tensor(Float64Array.of(0.1), { dtype: "float32" });
    expect(narrow.data[0]).toBe(Math.fround(0.1));
  });

  it("reshapes flat values to a given shape and checks the count", () => {
    expect(tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] }).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(
      "tensor: shape [2,2] needs 4 values, got 3",
    );
  });

  it("rejects ragged arrays and bad dtypes, naming what was received", () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(
      "tensor: values are ragged: entry 1 has shape [1] but entry 0 has [2]",
    );
    expect(() => tensor([1], { dtype: "int32" as "float32" })).toThrow(
      'tensor: dtype must be "float32" or "float64", got "int32"',
    );
    expect(() => tensor(["a"] as unknown as number[])).toThrow(/got string/);
  });

  it("handles empty axes", () => {
    const t = tensor([], { dtype: "float64" });
    expect(t.shape).toEqual([0]);
    expect(zeros([2, 0]).toArray()).toEqual([[], []]);
  });
});

describe("creation helpers", () => {
  it("zeros, ones, full, zerosLike, onesLike", () => {
    expect(zeros([2]).toArray()).toEqual([0, 0]);
    expect(ones([1, 2], { dtype: "float64" }).toArray()).toEqual([[1, 1]]);
    expect(full([3], 7).toArray()).toEqual([7, 7, 7]);
    const like = zeros([2, 2], { dtype: "float64" });
    expect(zerosLike(like).dtype).toBe("float64");
    expect(onesLike(like, { dtype: "float32" }).dtype).toBe("float32");
    expect(onesLike(like).toArray()).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it("requiresGrad makes a leaf that wants a gradient", () => {
    const t = zeros([2], { requiresGrad: true });
    expect(t.requiresGrad).toBe(true);
    expect(t.isLeaf).toBe(true);
    expect(t.grad).toBeNull();
  });

  it("arange follows torch: stop only, or start, stop, step", () => {
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 2, 0.25, { dtype: "float64" }).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(3, 3).size).toBe(0);
    expect(() => arange(0, 1, 0)).toThrow("arange: step must not be 0, got 0");
  });

  it("rejects bad shapes with the value received", () => {
    expect(() => zeros([2, -1])).toThrow(
      "full: shape must be an array of non-negative integers, got [2,-1]",
    );
    expect(() => full([1.5], 0)).toThrow(/got \[1.5\]/);
  });
});

describe("Tensor", () => {
  it("wraps data without copying and checks its length", () => {
    const data = new Float64Array(6);
    const t = new Tensor(data, [2, 3]);
    expect(t.data).toBe(data);
    expect(() => new Tensor(data, [4])).toThrow(
      "Tensor: data has 6 elements but shape [4] needs 4",
    );
  });

  it("has a frozen shape", () => {
    const t = zeros([2, 3]);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });

  it("item() needs exactly one element", () => {
    expect(tensor([[3]]).item()).toBe(3);
    expect(() => tensor([1, 2]).item()).toThrow(
      "item: tensor must have exactly one element, got shape [2]",
    );
  });

  it("reshape is a view that shares data, with -1 inferred", () => {
    const t = tensor([1, 2, 3, 4, 5, 6], { dtype: "float64" });
    const v = t.reshape([3, -1]);
    expect(v.shape).toEqual([3, 2]);
    expect(v.data).toBe(t.data);
    expect(() => t.reshape([4, -1])).toThrow(
      "reshape: cannot view x of shape [6] (6 elements) as [4,-1]",
    );
    expect(() => reshape(t, [-1, -1])).toThrow(/reshape: cannot view/);
  });

  it("clone copies; detach shares data but drops the graph", () => {
    const t = tensor([1, 2], { requiresGrad: true });
    const c = t.clone();
    expect(c.data).not.toBe(t.data);
    expect(c.requiresGrad).toBe(true);
    expect(c.isLeaf).toBe(false);
    const d = c.detach();
    expect(d.data).toBe(c.data);
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
  });

  it("astype converts (rounding to float32) and returns itself for the same dtype", () => {
    const t = tensor([0.1, 1 / 3], { dtype: "float64" });
    const s = t.astype("float32");
    expect(s.dtype).toBe("float32");
    expect(Array.from(s.data)).toEqual([Math.fround(0.1), Math.fround(1 / 3)]);
    expect(t.astype("float64")).toBe(t);
  });
});

describe("Parameter", () => {
  it("is a tensor sharing the wrapped data, trainable by default", () => {
    const value = zeros([2, 2]);
    const p = new Parameter(value);
    expect(p).toBeInstanceOf(Tensor);
    expect(p.data).toBe(value.data);
    expect(p.requiresGrad).toBe(true);
    expect(new Parameter(value, false).requiresGrad).toBe(false);
  });
});
