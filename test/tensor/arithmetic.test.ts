import { describe, expect, it } from "vitest";
import {
  add,
  div,
  maximum,
  minimum,
  mul,
  neg,
  sub,
  tensor,
  where,
} from "../../src/tensor/index.js";
import { gradcheck, randomTensor, seededRandom } from "../support/gradcheck.js";

const random = seededRandom(11);

describe("broadcasting", () => {
  it("aligns shapes on the right and stretches size-1 axes", () => {
    const col = tensor([[1], [2]]); // [2,1]
    const row = tensor([10, 20, 30]); // [3]
    expect(add(col, row).toArray()).toEqual([
      [11, 21, 31],
      [12, 22, 32],
    ]);
    const a = tensor([[[1, 2]], [[3, 4]]]); // [2,1,2]
    const b = tensor([[1], [10], [100]]); // [3,1]
    const y = mul(a, b);
    expect(y.shape).toEqual([2, 3, 2]);
    expect(y.toArray()).toEqual([
      [
        [1, 2],
        [10, 20],
        [100, 200],
      ],
      [
        [3, 4],
        [30, 40],
        [300, 400],
      ],
    ]);
  });

  it("broadcasts against a scalar tensor", () => {
    expect(sub(tensor([5, 6]), tensor(1)).toArray()).toEqual([4, 5]);
  });

  it("names the op and both shapes when shapes do not broadcast", () => {
    expect(() => add(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(
      "add: cannot broadcast a of shape [3] with b of shape [2]",
    );
    expect(() => mul(tensor([[1, 2]]), tensor([[1, 2, 3]]))).toThrow(
      "mul: cannot broadcast a of shape [1,2] with b of shape [1,3]",
    );
  });

  it("needs at least one tensor operand", () => {
    expect(() => add(1, 2)).toThrow(
      "add: a and b must not both be numbers; pass at least one Tensor",
    );
    expect(() => mul(tensor([1]), "2" as unknown as number)).toThrow(
      "mul: b must be a Tensor, got string",
    );
  });
});

describe("forward values", () => {
  it("scalar variants work on either side", () => {
    const x = tensor([1, 2, 4], { dtype: "float64" });
    expect(add(x, 1).toArray()).toEqual([2, 3, 5]);
    expect(add(1, x).toArray()).toEqual([2, 3, 5]);
    expect(sub(x, 1).toArray()).toEqual([0, 1, 3]);
    expect(sub(1, x).toArray()).toEqual([0, -1, -3]);
    expect(mul(2, x).toArray()).toEqual([2, 4, 8]);
    expect(div(x, 2).toArray()).toEqual([0.5, 1, 2]);
    expect(div(2, x).toArray()).toEqual([2, 1, 0.5]);
    expect(neg(x).toArray()).toEqual([-1, -2, -4]);
    expect(minimum(x, 2).toArray()).toEqual([1, 2, 2]);
    expect(maximum(3, x).toArray()).toEqual([3, 3, 4]);
  });

  it("minimum and maximum propagate NaN", () => {
    const y = maximum(tensor([Number.NaN, 1]), tensor([0, Number.NaN]));
    expect(Number.isNaN(y.data[0]) && Number.isNaN(y.data[1])).toBe(true);
  });

  it("where picks a where the mask is non-zero, broadcasting all three", () => {
    const mask = tensor([[1], [0]]);
    const a = tensor([1, 2, 3]);
    expect(where(mask, a, -1).toArray()).toEqual([
      [1, 2, 3],
      [-1, -1, -1],
    ]);
    expect(() => where(mask, 1, 2)).toThrow(/where: a and b must not both be numbers/);
  });
});

describe("gradients (finite differences, float64)", () => {
  const pairs: [number[], number[]][] = [
    [
      [2, 3],
      [2, 3],
    ],
    [[2, 3], [3]],
    [
      [2, 1, 4],
      [3, 1],
    ],
    [[], [2, 2]],
  ];
  for (const [sa, sb] of pairs) {
    it(`add, sub, mul, div for a [${sa}] and b [${sb}]`, () => {
      const a = randomTensor(random, sa);
      const b = randomTensor(random, sb, { low: 0.5, high: 2 });
      gradcheck(add, [a, b], { name: "add" });
      gradcheck(sub, [a, b], { name: "sub" });
      gradcheck(mul, [a, b], { name: "mul" });
      gradcheck(div, [a, b], { name: "div" });
    });
  }

  it("minimum and maximum (no ties), with broadcasting", () => {
    const a = randomTensor(random, [3, 4]);
    const b = randomTensor(random, [4]);
    gradcheck(minimum, [a, b], { name: "minimum" });
    gradcheck(maximum, [a, b], { name: "maximum" });
  });

  it("minimum and maximum split a tie evenly (torch)", () => {
    const a = tensor([1, 2], { dtype: "float64", requiresGrad: true });
    const b = tensor([1, 3], { dtype: "float64", requiresGrad: true });
    maximum(a, b).backward(tensor([1, 1], { dtype: "float64" }));
    expect(a.grad?.toArray()).toEqual([0.5, 0]);
    expect(b.grad?.toArray()).toEqual([0.5, 1]);
  });

  it("scalar variants on both sides and neg", () => {
    const x = randomTensor(random, [2, 3], { low: 0.5, high: 2 });
    gradcheck((t) => add(t, 1.5), [x], { name: "x + s" });
    gradcheck((t) => sub(t, 1.5), [x], { name: "x - s" });
    gradcheck((t) => sub(1.5, t), [x], { name: "s - x" });
    gradcheck((t) => mul(-0.7, t), [x], { name: "s * x" });
    gradcheck((t) => div(t, 3), [x], { name: "x / s" });
    gradcheck((t) => div(3, t), [x], { name: "s / x" });
    gradcheck((t) => minimum(t, 1), [x], { name: "min(x, s)" });
    gradcheck(neg, [x], { name: "neg" });
  });

  it("where, for both branches, with broadcasting", () => {
    const mask = tensor([[1, 0, 1]], { dtype: "float64" });
    const a = randomTensor(random, [2, 3]);
    const b = randomTensor(random, [2, 1]);
    gradcheck((x, y) => where(mask, x, y), [a, b], { name: "where" });
  });
});
