import { describe, expect, it } from "vitest";
import {
  abs,
  clamp,
  exp,
  gelu,
  lecunTanh,
  log,
  pow,
  relu,
  sigmoid,
  silu,
  softplus,
  sqrt,
  type Tensor,
  tanh,
  tensor,
} from "../../src/tensor/index.js";
import { assertClose } from "../support/assertClose.js";
import { gradcheck, randomTensor, seededRandom } from "../support/gradcheck.js";

const random = seededRandom(5);
const f64 = (values: number[]): Tensor => tensor(values, { dtype: "float64" });

describe("forward values", () => {
  it("exp, log, sqrt, abs are the Math functions element-wise", () => {
    expect(exp(f64([0, 1])).toArray()).toEqual([1, Math.E]);
    expect(log(f64([1, Math.E])).toArray()).toEqual([0, 1]);
    expect(sqrt(f64([4, 2])).toArray()).toEqual([2, Math.SQRT2]);
    expect(abs(f64([-3, 0, 2])).toArray()).toEqual([3, 0, 2]);
  });

  it("gelu, softplus, lecunTanh match exact values (see test/backend/elementwise.test.ts)", () => {
    // mpmath, 40 digits: x (1 + erf(x / sqrt 2)) / 2 at x = -1, 1; log(1 + e^x) at 0, 20.5 -> 20.5
    assertClose(
      gelu(f64([-1, 1])).data,
      [-0.15865525393145705, 0.8413447460685429],
      { atol: 0, rtol: 1e-15 },
      "gelu",
    );
    assertClose(
      softplus(f64([0, 20.5])).data,
      [Math.LN2, 20.5],
      { atol: 0, rtol: 1e-15 },
      "softplus",
    );
    assertClose(
      lecunTanh(f64([0.7])).data,
      [0.7466290646314658],
      { atol: 0, rtol: 1e-15 },
      "lecunTanh",
    );
  });

  it("pow handles integer, fractional and negative exponents", () => {
    expect(pow(f64([2, -3]), 3).toArray()).toEqual([8, -27]);
    expect(pow(f64([4, 9]), 0.5).toArray()).toEqual([2, 3]);
    expect(pow(f64([2, 4]), -1).toArray()).toEqual([0.5, 0.25]);
    expect(pow(f64([8]), 1 / 3).item()).toBeCloseTo(2, 15);
    expect(() => pow(f64([1]), "2" as unknown as number)).toThrow(
      "pow: exponent must be a number, got string",
    );
  });

  it("clamp with either bound missing", () => {
    expect(clamp(f64([-2, 0.5, 3]), 0, 1).toArray()).toEqual([0, 0.5, 1]);
    expect(clamp(f64([-2, 3]), null, 1).toArray()).toEqual([-2, 1]);
    expect(clamp(f64([-2, 3]), 0).toArray()).toEqual([0, 3]);
    expect(() => clamp(f64([1]), null, null)).toThrow(
      "clamp: at least one of min and max must be a number, got null for both",
    );
  });
});

describe("gradients (finite differences, float64)", () => {
  const smooth: [string, (x: Tensor) => Tensor][] = [
    ["tanh", tanh],
    ["lecunTanh", lecunTanh],
    ["sigmoid", sigmoid],
    ["silu", silu],
    ["gelu", gelu],
    ["exp", exp],
  ];
  for (const [name, fn] of smooth) {
    it(name, () => gradcheck(fn, [randomTensor(random, [3, 4], { low: -3, high: 3 })], { name }));
  }

  it("softplus on both sides of the threshold 20", () => {
    const x = tensor([-25, -3, 0.2, 4, 19.5, 20.5, 30], { dtype: "float64", requiresGrad: true });
    gradcheck(softplus, [x], { name: "softplus" });
  });

  it("log, sqrt on positive inputs", () => {
    const x = randomTensor(random, [5], { low: 0.2, high: 3 });
    gradcheck(log, [x], { name: "log" });
    gradcheck(sqrt, [x], { name: "sqrt" });
  });

  it("relu and abs away from the kink", () => {
    const x = tensor([-2, -0.5, 0.3, 1.7], { dtype: "float64", requiresGrad: true });
    gradcheck(relu, [x], { name: "relu" });
    gradcheck(abs, [x], { name: "abs" });
  });

  it("pow for several exponents", () => {
    const x = randomTensor(random, [4], { low: 0.5, high: 2 });
    for (const p of [2, 3, 0.5, -0.5, -1, -2, 1.7, 0, 1]) {
      gradcheck((t) => pow(t, p), [x], { name: `pow ${p}` });
    }
  });

  it("clamp inside and outside the bounds", () => {
    const x = tensor([-2, -0.5, 0.3, 0.9, 1.7], { dtype: "float64", requiresGrad: true });
    gradcheck((t) => clamp(t, -1, 1), [x], { name: "clamp" });
  });

  it("clamp passes the gradient at a bound (torch includes the bounds)", () => {
    const x = tensor([0, 1, 2], { dtype: "float64", requiresGrad: true });
    clamp(x, 0, 1).backward(tensor([1, 1, 1], { dtype: "float64" }));
    expect(x.grad?.toArray()).toEqual([1, 1, 0]);
  });
});
