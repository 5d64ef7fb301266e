import { describe, expect, it } from "vitest";
import { jsKernels, type UnaryOp } from "../../src/backend/index.js";
import { assertClose } from "../support/assertClose.js";

// Reference values: mpmath at 40 digits, rounded to float64 (repr(float(...))), with the
// torch definitions: gelu = x (1 + erf(x / sqrt 2)) / 2, softplus = x for x > 20 else
// log(1 + e^x), lecun = 1.7159 tanh(0.666 x).
const GELU_X = [-4, -2.5, -1, -0.25, 0, 0.3, 1, 2, 3.5];
const GELU = [
  -0.0001266849673324797, -0.015524163314440337, -0.15865525393145705, -0.10032341857926907, 0,
  0.1853734266566858, 0.8413447460685429, 1.9544997361036416, 3.4991857982233756,
];
const GELU_D = [
  -0.0005036496612264215, -0.03761108590814521, -0.0833154705876863, 0.30462664511636395, 0.5,
  0.7323277668271099, 1.0833154705876864, 1.085231801078197, 1.0028217603536247,
];
const SOFTPLUS_X = [-30, -5, -1, 0, 0.5, 3, 19.9, 20, 20.5, 40];
const SOFTPLUS = [
  9.357622968839737e-14,
  0.006715348489118068,
  0.3132616875182228,
  Math.LN2,
  0.9740769841801067,
  3.048587351573742,
  19.900000002277924,
  20.000000002061153,
  20.5,
  40,
];
const SOFTPLUS_D = [
  9.357622968839299e-14, 0.0066928509242848554, 0.2689414213699951, 0.5, 0.6224593312018546,
  0.9525741268224333, 0.9999999977220729, 0.9999999979388464, 1, 1,
];
const ACT_X = [-3, -1.2, -0.4, 0, 0.7, 2.5];
const SIGMOID = [
  0.04742587317756678, 0.23147521650098238, 0.401312339887548, 0.5, 0.668187772168166,
  0.9241418199787564,
];
const SILU = [
  -0.14227761953270035, -0.2777702598011788, -0.1605249359550192, 0, 0.46773144051771626,
  2.310354549946891,
];
const LECUN = [
  -1.6539319970975412, -1.1386528601605803, -0.44660048596797364, 0, 0.7466290646314658,
  1.5973099289035562,
];
const LECUN_D = [
  0.08105093040307773, 0.6395612376688935, 1.065375198677948, 1.1427894, 0.9264218940488742,
  0.15250340432623888,
];

function forward(op: UnaryOp, xs: number[]): Float64Array {
  const y = new Float64Array(xs.length);
  jsKernels.unary(op, xs.length, Float64Array.from(xs), y);
  return y;
}

function derivative(op: UnaryOp, xs: number[]): Float64Array {
  const x = Float64Array.from(xs);
  const gx = new Float64Array(xs.length);
  jsKernels.unaryBackward(
    op,
    xs.length,
    x,
    forward(op, xs),
    new Float64Array(xs.length).fill(1),
    gx,
  );
  return gx;
}

// A handful of roundings separate the float64 formulas from the exact values; the negative
// gelu tail loses digits to the cancellation in 1 + erf, exactly as torch's formula does.
const TIGHT = { atol: 1e-17, rtol: 4e-15 };

describe("unary kernels against exact values", () => {
  it("gelu (exact erf form) and its derivative", () => {
    assertClose(forward("gelu", GELU_X), GELU, { atol: 1e-16, rtol: 1e-13 }, "gelu");
    assertClose(derivative("gelu", GELU_X), GELU_D, { atol: 1e-16, rtol: 1e-13 }, "gelu'");
  });

  it("softplus with torch's threshold 20 and its derivative", () => {
    assertClose(forward("softplus", SOFTPLUS_X), SOFTPLUS, TIGHT, "softplus");
    assertClose(derivative("softplus", SOFTPLUS_X), SOFTPLUS_D, TIGHT, "softplus'");
  });

  it("sigmoid, silu and lecunTanh", () => {
    assertClose(forward("sigmoid", ACT_X), SIGMOID, TIGHT, "sigmoid");
    assertClose(forward("silu", ACT_X), SILU, TIGHT, "silu");
    assertClose(forward("lecunTanh", ACT_X), LECUN, TIGHT, "lecunTanh");
    assertClose(derivative("lecunTanh", ACT_X), LECUN_D, TIGHT, "lecunTanh'");
  });

  it("relu, abs: zero gradient at zero; NaN passes through relu", () => {
    expect(Array.from(forward("relu", [-2, 0, 3]))).toEqual([0, 0, 3]);
    expect(Array.from(derivative("relu", [-2, 0, 3]))).toEqual([0, 0, 1]);
    expect(Array.from(derivative("abs", [-2, 0, 3]))).toEqual([-1, 0, 1]);
    expect(forward("relu", [Number.NaN])[0]).toBeNaN();
  });

  it("float32 results are the float64 results (of the float32 inputs) rounded", () => {
    const x = Float32Array.from(GELU_X);
    const y = new Float32Array(x.length);
    jsKernels.unary("gelu", x.length, x, y);
    const wide = forward("gelu", Array.from(x));
    expect(Array.from(y)).toEqual(Array.from(Float32Array.from(wide)));
  });
});

describe("scalar kernels", () => {
  it("pow uses exact products for small integer exponents", () => {
    const x = Float64Array.of(1.1, -3, 0.5);
    const y = new Float64Array(3);
    jsKernels.powScalar(3, x, 2, y);
    expect(Array.from(y)).toEqual([1.1 * 1.1, 9, 0.25]);
    jsKernels.powScalar(3, Float64Array.of(4, 9, 0.25), -0.5, y);
    expect(Array.from(y)).toEqual([0.5, 1 / 3, 2]);
  });

  it("clamp applies max then min, so hi wins when lo > hi (torch)", () => {
    const y = new Float64Array(3);
    jsKernels.clamp(3, Float64Array.of(-5, 0.5, 5), 1, 0, y);
    expect(Array.from(y)).toEqual([0, 0, 0]);
    jsKernels.clamp(3, Float64Array.of(-5, 0.5, Number.NaN), -1, 1, y);
    expect(y[0]).toBe(-1);
    expect(y[1]).toBe(0.5);
    expect(y[2]).toBeNaN();
  });

  it("scalarOp puts the scalar on either side", () => {
    const y = new Float64Array(2);
    jsKernels.scalarOp("sub", 2, Float64Array.of(1, 4), 10, true, y);
    expect(Array.from(y)).toEqual([9, 6]);
    jsKernels.scalarOp("div", 2, Float64Array.of(1, 4), 2, false, y);
    expect(Array.from(y)).toEqual([0.5, 2]);
    jsKernels.scalarOp("div", 2, Float64Array.of(1, 4), 2, true, y);
    expect(Array.from(y)).toEqual([2, 0.5]);
  });
});
