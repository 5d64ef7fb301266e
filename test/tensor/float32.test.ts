import { describe, expect, it } from "vitest";
import {
  conv2d,
  gelu,
  grad,
  lecunTanh,
  linear,
  logSoftmax,
  mean,
  mul,
  sigmoid,
  softplus,
  sum,
  type Tensor,
  tanh,
} from "../../src/tensor/index.js";
import { assertClose } from "../support/assertClose.js";
import { randomTensor, seededRandom } from "../support/gradcheck.js";

const random = seededRandom(77);
const LOOSE = { atol: 1e-5, rtol: 1e-4 };

/** Runs `fn` in float64 and in float32 on the same values; outputs and gradients agree. */
function agrees(fn: (...xs: Tensor[]) => Tensor, shapes: number[][]): void {
  const wide = shapes.map((s) => randomTensor(random, s));
  const narrow = wide.map((t) => {
    const n = t.astype("float32").detach();
    n.requiresGrad = true;
    return n;
  });
  const y64 = fn(...wide);
  const y32 = fn(...narrow);
  expect(y32.dtype).toBe("float32");
  assertClose(y32.data, y64.data, LOOSE, "value");
  const g64 = grad(sum(mul(y64, y64)), wide);
  const g32 = grad(sum(mul(y32, y32)), narrow);
  g32.forEach((g, i) => {
    expect(g.dtype).toBe("float32");
    assertClose(g.data, g64[i].data, { atol: 5e-5, rtol: 1e-3 }, `grad ${i}`);
  });
}

describe("float32 paths agree with float64", () => {
  it("linear + activations", () => {
    agrees((x, w, b) => lecunTanh(linear(x, w, b)), [[4, 6], [5, 6], [5]]);
    agrees((x) => gelu(x), [[10]]);
    agrees((x) => softplus(sigmoid(tanh(x))), [[10]]);
  });

  it("reductions and logSoftmax", () => {
    agrees((x) => mean(logSoftmax(x), 0), [[3, 7]]);
  });

  it("conv2d", () => {
    agrees(
      (x, w) => conv2d(x, w, null, { padding: 1 }),
      [
        [2, 3, 5, 5],
        [4, 3, 3, 3],
      ],
    );
  });
});
