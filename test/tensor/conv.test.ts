import { describe, expect, it } from "vitest";
import { conv2d, permute, type Tensor, tensor } from "../../src/tensor/index.js";
import { assertClose } from "../support/assertClose.js";
import { gradcheck, randomTensor, seededRandom } from "../support/gradcheck.js";

const random = seededRandom(41);

/** Values i -> ((i * mult) % mod - shift) / scale, the same formula the numpy script used. */
function pattern(shape: number[], mult: number, mod: number, shift: number, scale: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Float64Array.from({ length: n }, (_, i) => (((i * mult) % mod) - shift) / scale);
  return tensor(values, { shape, dtype: "float64" });
}

describe("conv2d", () => {
  // numpy reference (explicit loops over a zero-padded copy of x):
  //   x = ((arange(2*2*4*5) * 7 % 11) - 5) / 4 reshaped [2,2,4,5]
  //   w = ((arange(3*2*3*2) * 5 % 9) - 4) / 8 reshaped [3,2,3,2];  b = [0.5, -0.25, 0.125]
  //   stride (2,1), padding (1,2): y[n,o,i,j] = sum(xp[n,:,2i:2i+3,j:j+2] * w[o]) + b[o]
  const Y = [
    0.5, -0.9375, 1.84375, 0.875, -0.09375, 1.0, 0.21875, 0.5, 0.5, 1.75, -0.5, 0.9375, 1.34375,
    0.375, 0.03125, 0.5, -0.25, 0.5625, -1.71875, -0.0625, 0.5625, -0.875, 0.40625, -0.25, -0.25,
    -0.3125, 0.0625, -1.6875, 0.6875, -0.375, -0.53125, -0.25, 0.125, 0.9375, 0.34375, 0.6875,
    -1.03125, 0.34375, 0.03125, 0.125, 0.125, -0.40625, 1.1875, 0.46875, -0.25, -0.28125, 0.59375,
    0.125, 0.5, 1.15625, -0.125, 1.3125, 0.6875, -0.96875, 1.3125, 0.5, 0.5, -0.1875, 0.28125,
    0.6875, 0.40625, 1.15625, 0.6875, 0.5, -0.25, -0.53125, 0.25, -0.84375, 0.125, 1.09375, -1.6875,
    -0.25, -0.25, -0.1875, -0.84375, 0.5, -0.90625, 0.78125, -0.53125, -0.25, 0.125, 0.03125,
    0.34375, -1.03125, 0.6875, 0.34375, 0.9375, 0.125, 0.125, 0.375, 0.28125, 0.59375, -0.8125,
    -0.15625, -0.0625, 0.125,
  ];
  const x = pattern([2, 2, 4, 5], 7, 11, 5, 4);
  const w = pattern([3, 2, 3, 2], 5, 9, 4, 8);
  const b = tensor([0.5, -0.25, 0.125], { dtype: "float64" });
  const options = { stride: [2, 1], padding: [1, 2] } as const;

  it("matches numpy with stride, padding and bias (NCHW)", () => {
    const y = conv2d(x, w, b, options);
    expect(y.shape).toEqual([2, 3, 2, 8]);
    assertClose(y.data, Y, { atol: 1e-15, rtol: 0 }, "conv2d");
  });

  it("NHWC layout gives the same numbers with the channel axis last", () => {
    const y = conv2d(permute(x, [0, 2, 3, 1]), w, b, { ...options, layout: "NHWC" });
    expect(y.shape).toEqual([2, 2, 8, 3]);
    assertClose(permute(y, [0, 3, 1, 2]).data, Y, { atol: 1e-15, rtol: 0 }, "conv2d NHWC");
  });

  it("runs in float32", () => {
    const y = conv2d(x.astype("float32"), w.astype("float32"), b.astype("float32"), options);
    expect(y.dtype).toBe("float32");
    assertClose(y.data, Y, { atol: 1e-6, rtol: 1e-6 }, "conv2d float32");
  });

  it("checks shapes and options, naming them", () => {
    expect(() => conv2d(tensor([[1]]), w)).toThrow(
      "conv2d: x must have 4 axes (NCHW), got shape [1,1]",
    );
    expect(() => conv2d(x, pattern([3, 1, 3, 2], 1, 2, 0, 1))).toThrow(
      "conv2d: weight must have shape [outChannels, 2, kH, kW] for x of shape [2,2,4,5] (NCHW), got [3,1,3,2]",
    );
    expect(() => conv2d(x, w, tensor([1, 2], { dtype: "float64" }))).toThrow(
      "conv2d: bias must have shape [3] to match weight of shape [3,2,3,2], got [2]",
    );
    expect(() => conv2d(x, w, null, { stride: 0 })).toThrow(
      "conv2d: stride must be an integer >= 1 or a pair of them, got 0",
    );
    expect(() => conv2d(x, pattern([1, 2, 9, 1], 1, 2, 0, 1))).toThrow(
      "conv2d: kernel 9x1 does not fit x of shape [2,2,4,5] (NCHW) with padding 0,0",
    );
  });

  it("gradients (finite differences) for x, weight and bias", () => {
    const xs = randomTensor(random, [2, 2, 5, 4]);
    const ws = randomTensor(random, [3, 2, 3, 2]);
    const bs = randomTensor(random, [3]);
    gradcheck((a, c, d) => conv2d(a, c, d, { stride: [2, 1], padding: [1, 2] }), [xs, ws, bs], {
      name: "conv2d strided padded",
    });
    gradcheck((a, c) => conv2d(a, c), [xs, ws], { name: "conv2d plain" });
    const nhwc = randomTensor(random, [1, 4, 3, 2]);
    gradcheck((a, c) => conv2d(a, c, null, { padding: 1, layout: "NHWC" }), [nhwc, ws], {
      name: "conv2d NHWC",
    });
  });
});
