/**
 * Scalar activations shared by the CfC and LTC kernels. Expected values come from Python's
 * `math` module (math.erf, math.tanh, math.exp, math.log1p) evaluating the same formulas:
 * lecun_tanh = 1.7159·tanh(0.666·x), gelu = x·½·(1+erf(x/√2)), softplus with threshold 20.
 */
import { describe, expect, it } from "vitest";
import {
  activateRow,
  activationBackwardRow,
  activationCode,
  BACKBONE_ACTIVATIONS,
  erf,
  gelu,
  geluDerivative,
  lecunTanh,
  lecunTanhDerivative,
  relu,
  reluDerivative,
  sigmoid,
  sigmoidDerivative,
  silu,
  siluDerivative,
  softplus,
  softplusDerivative,
  tanhDerivative,
} from "../../../src/backend/js/activations.js";
import { assertClose } from "../../support/assertClose.js";

const TIGHT = { atol: 1e-16, rtol: 4e-15 };

describe("erf", () => {
  it("matches math.erf across both branches and the saturation point", () => {
    const xs = [
      -7, -4.2, -2.6, -2.5, -1.3, -0.5, -1e-3, 0, 2e-9, 0.3, 0.84, 1.7, 2.49, 2.51, 3.9, 5.99, 6.5,
    ];
    const expected = [
      -1.0, -0.9999999971445058, -0.9997639655834707, -0.999593047982555, -0.9340079449406524,
      -0.5204998778130465, -0.0011283787909692365, 0.0, 2.2567583341910253e-9, 0.3286267594591274,
      0.7651427114549946, 0.9837904585907745, 0.9995707121322661, 0.9996142945182758,
      0.9999999652077514, 1.0, 1.0,
    ];
    assertClose(xs.map(erf), expected, TIGHT, "erf");
    expect(erf(Number.NaN)).toBeNaN();
  });
});

describe("activations", () => {
  it("gelu and its derivative match the exact erf form", () => {
    const xs = [-6, -3.1, -0.7, 0, 0.4, 1.9, 4.4];
    assertClose(
      xs.map(gelu),
      [
        -5.919525869479969e-9, -0.00299956996097695, -0.1693745565561511, 0.0, 0.2621686966441297,
        1.8454385363495966, 4.399976184806806,
      ],
      { atol: 1e-20, rtol: 1e-13 },
      "gelu",
    );
    assertClose(
      xs.map(geluDerivative),
      [
        -3.546870945402639e-8, -0.009159535861001378, 0.023385898866340127, 0.5, 0.8027297977316535,
        1.095953488255884, 1.0001043343297684,
      ],
      { atol: 1e-20, rtol: 1e-13 },
      "gelu'",
    );
  });

  it("softplus follows torch's threshold of 20", () => {
    const xs = [-30, -2, 0, 1.5, 19.9, 20, 20.5, 40];
    assertClose(
      xs.map(softplus),
      [
        9.357622968839737e-14,
        0.1269280110429725,
        Math.LN2,
        1.7014132779827524,
        19.900000002277924,
        20.000000002061153,
        20.5,
        40.0,
      ],
      TIGHT,
      "softplus",
    );
    assertClose(
      xs.map(softplusDerivative),
      [
        9.3576229688393e-14, 0.11920292202211755, 0.5, 0.8175744761936437, 0.9999999977220729,
        0.9999999979388464, 1.0, 1.0,
      ],
      TIGHT,
      "softplus'",
    );
  });

  it("lecun_tanh uses 0.666 and silu is x·sigmoid(x)", () => {
    const xs = [-3, -0.4, 0, 0.9, 2.5];
    assertClose(
      xs.map(lecunTanh),
      [-1.6539319970975412, -0.44660048596797364, 0.0, 0.9207905181893227, 1.5973099289035562],
      TIGHT,
      "lecun_tanh",
    );
    assertClose(
      xs.map(lecunTanhDerivative),
      [0.08105093040307772, 1.065375198677948, 1.1427894, 0.8137075486065724, 0.15250340432623888],
      TIGHT,
      "lecun_tanh'",
    );
    assertClose(
      xs.map(silu),
      [-0.14227761953270035, -0.1605249359550192, 0.0, 0.6398545523625035, 2.3103545499468914],
      TIGHT,
      "silu",
    );
    assertClose(
      xs.map(siluDerivative),
      [-0.08810410601516962, 0.30520804159093634, 0.5, 0.895899779233041, 1.0994011113415267],
      TIGHT,
      "silu'",
    );
  });

  it("relu, sigmoid and tanh derivatives follow their definitions", () => {
    expect([relu(-1), relu(0), relu(2)]).toEqual([0, 0, 2]);
    expect([reluDerivative(-1), reluDerivative(0), reluDerivative(2)]).toEqual([0, 0, 1]);
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoidDerivative(0)).toBe(0.25);
    expect(tanhDerivative(0)).toBe(1);
    // sigmoid(2) = 1/(1+e^-2); tanh'(0.5) = 1 - tanh(0.5)^2 (python math)
    assertClose(
      [sigmoid(2), tanhDerivative(0.5)],
      [0.8807970779778823, 0.7864477329659274],
      TIGHT,
      "σ, tanh'",
    );
  });

  it("row helpers agree with the scalar functions for every backbone activation", () => {
    const pre = Float64Array.from([-2.2, -0.3, 0.1, 0.8, 3.3]);
    const scalar = [lecunTanh, Math.tanh, relu, silu, gelu];
    const deriv = [
      lecunTanhDerivative,
      tanhDerivative,
      reluDerivative,
      siluDerivative,
      geluDerivative,
    ];
    for (const name of BACKBONE_ACTIVATIONS) {
      const code = activationCode(name);
      const post = new Float64Array(7);
      activateRow(code, pre, post, 0, 5);
      // Offsets: read pre/post from 1.., gradient from 2..
      const preShift = Float64Array.from([9, ...pre]);
      const postShift = Float64Array.from([9, ...post]);
      const grad = Float64Array.from([7, 7, 2, 2, 2, 2, 2]);
      activationBackwardRow(code, preShift, postShift, 1, grad, 2, 5);
      assertClose(post.subarray(0, 5), Array.from(pre, scalar[code]), TIGHT, `${name} row`);
      assertClose(
        grad.subarray(2),
        Array.from(pre, (v) => 2 * deriv[code](v)),
        { atol: 1e-15, rtol: 1e-14 },
        `${name} row'`,
      );
      expect(Array.from(grad.subarray(0, 2))).toEqual([7, 7]);
    }
  });

  it("rejects unknown activation names", () => {
    expect(() => activationCode("swish")).toThrow(
      /activation: expected one of lecun_tanh, .*got "swish"/,
    );
  });
});
