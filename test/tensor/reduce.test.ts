import { describe, expect, it } from "vitest";
import { argmax, max, mean, sum, tensor } from "../../src/tensor/index.js";
import { gradcheck, randomTensor, seededRandom } from "../support/gradcheck.js";

const random = seededRandom(3);
// x[i][j][k] = 100 i + 10 j + k, shape [2,3,2]
const x = tensor(
  [
    [
      [0, 1],
      [10, 11],
      [20, 21],
    ],
    [
      [100, 101],
      [110, 111],
      [120, 121],
    ],
  ],
  { dtype: "float64" },
);

describe("sum and mean", () => {
  it("over everything gives a scalar", () => {
    const s = sum(x);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(726);
    expect(mean(x).item()).toBe(60.5);
  });

  it("over one axis, with and without keepdim, negative axes allowed", () => {
    expect(sum(x, 1).toArray()).toEqual([
      [30, 33],
      [330, 333],
    ]);
    expect(sum(x, -1, true).shape).toEqual([2, 3, 1]);
    expect(sum(x, -1, true).toArray()).toEqual([
      [[1], [21], [41]],
      [[201], [221], [241]],
    ]);
  });

  it("over non-adjacent axes", () => {
    expect(sum(x, [0, 2]).toArray()).toEqual([202, 242, 282]);
    expect(mean(x, [0, 2], true).toArray()).toEqual([[[50.5], [60.5], [70.5]]]);
  });

  it("rejects bad axes, naming the value", () => {
    expect(() => sum(x, 3)).toThrow("sum: axes must be an integer in [-3, 2], got 3");
    expect(() => sum(x, [1, -2])).toThrow("sum: axes must not repeat an axis, got [1,-2]");
  });

  it("gradients (finite differences)", () => {
    const t = randomTensor(random, [2, 3, 4]);
    gradcheck((a) => sum(a), [t], { name: "sum all" });
    gradcheck((a) => sum(a, [0, 2], true), [t], { name: "sum keepdim" });
    gradcheck((a) => mean(a, 1), [t], { name: "mean" });
    gradcheck((a) => mean(a, [-1, 0]), [t], { name: "mean 2 axes" });
  });
});

describe("max and argmax", () => {
  it("takes the maximum along an axis", () => {
    expect(max(x, 1).toArray()).toEqual([
      [20, 21],
      [120, 121],
    ]);
    expect(max(x, 0, true).shape).toEqual([1, 3, 2]);
    expect(Array.from(argmax(x, 2))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(argmax(tensor([[3, 7, 7, 1]]), 1))).toEqual([1]);
  });

  it("sends the gradient to the first maximum", () => {
    const t = tensor([[1, 5, 5]], { dtype: "float64", requiresGrad: true });
    max(t, 1).backward(tensor([2], { dtype: "float64" }));
    expect(t.grad?.toArray()).toEqual([[0, 2, 0]]);
  });

  it("gradients (finite differences, distinct values)", () => {
    const t = randomTensor(random, [3, 4, 2]);
    gradcheck((a) => max(a, 1), [t], { name: "max axis 1" });
    gradcheck((a) => max(a, -1, true), [t], { name: "max last" });
  });

  it("rejects an empty axis", () => {
    expect(() => max(tensor([[]]), 1)).toThrow(
      "max: axis 1 of x (shape [1,0]) is empty; there is no maximum",
    );
  });
});
