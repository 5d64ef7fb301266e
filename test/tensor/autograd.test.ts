import { describe, expect, it } from "vitest";
import {
  add,
  defineOp,
  grad,
  isGradEnabled,
  mul,
  noGrad,
  sum,
  type Tensor,
  tanh,
  tensor,
} from "../../src/tensor/index.js";

const f64 = (values: number[], requiresGrad = true): Tensor =>
  tensor(values, { dtype: "float64", requiresGrad });

describe("backward()", () => {
  it("computes d sum(x * y) / dx = y and accumulates over two calls", () => {
    const x = f64([1, 2, 3]);
    const y = f64([4, 5, 6]);
    const loss = sum(mul(x, y));
    loss.backward();
    expect(x.grad?.toArray()).toEqual([4, 5, 6]);
    expect(y.grad?.toArray()).toEqual([1, 2, 3]);
    loss.backward();
    expect(x.grad?.toArray()).toEqual([8, 10, 12]);
    sum(mul(x, 2)).backward();
    expect(x.grad?.toArray()).toEqual([10, 12, 14]);
  });

  it("adds the contributions of a tensor used twice (x * x)", () => {
    const x = f64([3, -1]);
    sum(mul(x, x)).backward();
    expect(x.grad?.toArray()).toEqual([6, -2]);
  });

  it("gives the same leaf gradient whether its two uses share a gradient tensor or not", () => {
    // add's backward hands the same gradient object to both inputs; .grad must not alias it.
    const a = f64([1, 2]);
    const b = f64([3, 4]);
    sum(add(a, b)).backward();
    expect(a.grad).not.toBe(b.grad);
    sum(mul(a, 3)).backward();
    expect(a.grad?.toArray()).toEqual([4, 4]);
    expect(b.grad?.toArray()).toEqual([1, 1]);
  });

  it("takes gradOut for non-scalar outputs and checks it", () => {
    const x = f64([1, 2]);
    const y = mul(x, 3);
    expect(() => y.backward()).toThrow(
      "backward: a gradient is required for a tensor of shape [2] (only one-element tensors default to 1)",
    );
    expect(() => y.backward(f64([1, 1, 1], false))).toThrow(
      "backward: gradOut must be a float64 tensor of shape [2], got float64 [3]",
    );
    y.backward(f64([1, -1], false));
    expect(x.grad?.toArray()).toEqual([3, -3]);
  });

  it("refuses a tensor that does not require grad", () => {
    expect(() => sum(f64([1], false)).backward()).toThrow(
      /backward: the tensor does not require grad/,
    );
  });

  it("walks a long chain without overflowing the stack", () => {
    const x = f64([0.5]);
    let y: Tensor = x;
    for (let i = 0; i < 20000; i++) y = add(y, 1e-4);
    y.backward();
    expect(x.grad?.item()).toBe(1);
  });
});

describe("grad()", () => {
  it("returns gradients without touching .grad", () => {
    const x = f64([1, 2]);
    const [gx] = grad(sum(mul(x, x)), [x]);
    expect(gx.toArray()).toEqual([2, 4]);
    expect(x.grad).toBeNull();
  });

  it("differentiates with respect to intermediate tensors", () => {
    const x = f64([1, 2]);
    const h = mul(x, 3);
    const y = sum(mul(h, h));
    const [gh, gx] = grad(y, [h, x]);
    expect(gh.toArray()).toEqual([6, 12]); // 2 h
    expect(gx.toArray()).toEqual([18, 36]); // 2 h * 3
  });

  it("sums over several outputs with their gradOutputs", () => {
    const x = f64([1, 2]);
    const [gx] = grad([mul(x, 2), mul(x, 5)], [x], [f64([1, 1], false), f64([1, 0], false)]);
    expect(gx.toArray()).toEqual([7, 2]);
  });

  it("gives zeros for an input the outputs do not depend on", () => {
    const x = f64([1, 2]);
    const unused = f64([5]);
    const [, g] = grad(sum(x), [x, unused]);
    expect(g.toArray()).toEqual([0]);
  });

  it("rejects inputs that do not require grad", () => {
    const x = f64([1], false);
    expect(() => grad(sum(mul(f64([1]), x)), [x])).toThrow(
      "grad: inputs[0] must be a tensor that requires grad",
    );
  });
});

describe("noGrad()", () => {
  it("records nothing and restores recording afterwards, even after a throw", () => {
    const x = f64([1, 2]);
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return tanh(mul(x, 2));
    });
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(isGradEnabled()).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error("inside");
      }),
    ).toThrow("inside");
    expect(isGradEnabled()).toBe(true);
    expect(mul(x, 2).requiresGrad).toBe(true);
  });
});

describe("defineOp", () => {
  // y1 = a * b, y2 = a + b; records which input gradients backward was asked for.
  const asked: boolean[][] = [];
  const productAndSum = defineOp<void, { a: Tensor; b: Tensor }>({
    name: "productAndSum",
    inputNames: ["a", "b"],
    forward: ([a, b]) => ({
      outputs: [noGrad(() => mul(a, b)), noGrad(() => add(a, b))],
      saved: { a, b },
    }),
    backward: ([g1, g2], { a, b }, need) => {
      asked.push(need.slice());
      return [need[0] ? add(mul(g1, b), g2) : null, need[1] ? add(mul(g1, a), g2) : null];
    },
  });

  it("lets gradients flow into either output of a multi-output op", () => {
    const a = f64([2]);
    const b = f64([3]);
    const [y1, y2] = productAndSum([a, b]);
    expect(y1.gradFn).toBe(y2.gradFn);
    expect(y2.outputIndex).toBe(1);
    // Only y2 is used: the gradient of y1 arrives as zeros.
    expect(grad(y2, [a])[0].toArray()).toEqual([1]);
    expect(grad(y1, [a])[0].toArray()).toEqual([3]);
    expect(grad([y1, y2], [b])[0].toArray()).toEqual([3]);
  });

  it("asks only for the gradients of inputs that need them", () => {
    asked.length = 0;
    const a = f64([2]);
    const constant = f64([3], false);
    const [y1] = productAndSum([a, constant]);
    sum(y1).backward();
    expect(asked).toEqual([[true, false]]);
    expect(constant.grad).toBeNull();
    // grad() prunes too: b requires grad, but only a is asked for.
    asked.length = 0;
    const b = f64([4]);
    grad(productAndSum([a, b])[0], [a]);
    expect(asked).toEqual([[true, false]]);
  });

  it("records nothing when no input requires grad", () => {
    const [y1] = productAndSum([f64([1], false), f64([2], false)]);
    expect(y1.requiresGrad).toBe(false);
    expect(y1.gradFn).toBeNull();
  });

  it("rejects operands of different dtypes, naming both", () => {
    const a = tensor([1], { dtype: "float32" });
    const b = tensor([1], { dtype: "float64" });
    expect(() => productAndSum([a, b])).toThrow(
      "productAndSum: dtype mismatch: a is float32 but b is float64",
    );
    expect(() => add(a, b)).toThrow("add: dtype mismatch: a is float32 but b is float64");
  });

  it("reports a backward that returns the wrong shape, naming op and input", () => {
    const broken = defineOp<void, null>({
      name: "broken",
      inputNames: ["x"],
      forward: ([x]) => ({ outputs: [noGrad(() => mul(x, 1))], saved: null }),
      backward: () => [f64([1, 2, 3], false)],
    });
    const x = f64([1]);
    expect(() => sum(broken([x])[0]).backward()).toThrow(
      "broken: backward returned a gradient for x of float64 [3], expected float64 [1]",
    );
  });

  it("rejects a forward that returns its own input", () => {
    const identity = defineOp<void, null>({
      name: "identity",
      forward: ([x]) => ({ outputs: [x], saved: null }),
      backward: ([g]) => [g],
    });
    expect(() => identity([f64([1])])).toThrow(/identity: forward returned one of its inputs/);
  });

  it("treats null gradients as no contribution", () => {
    const stop = defineOp<void, null>({
      name: "stopGradient",
      forward: ([x]) => ({ outputs: [noGrad(() => mul(x, 1))], saved: null }),
      backward: () => [null],
    });
    const x = f64([1, 2]);
    const [gx] = grad(sum(add(stop([x])[0], x)), [x]);
    expect(gx.toArray()).toEqual([1, 1]);
  });
});
