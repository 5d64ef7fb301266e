import { describe, expect, it } from "vitest";
import { logSoftmax, softmax, tensor } from "../../src/tensor/index.js";
import { assertClose } from "../support/assertClose.js";
import { gradcheck, randomTensor, seededRandom } from "../support/gradcheck.js";

const random = seededRandom(31);
const x = tensor(
  [
    [1, 2, 0.5],
    [-1, 3, 3],
  ],
  { dtype: "float64" },
);
const TIGHT = { atol: 1e-16, rtol: 2e-15 };

describe("softmax and logSoftmax", () => {
  // mpmath, 40 digits: exp(v) / sum(exp(row)) and v - log(sum(exp(row))), rounded to float64.
  it("match exact values along the last axis", () => {
    assertClose(
      softmax(x).data,
      [
        0.23122389762214907, 0.6285317192117624, 0.14024438316608848, 0.009074714844313747,
        0.4954626425778431, 0.4954626425778431,
      ],
      TIGHT,
      "softmax",
    );
    assertClose(
      logSoftmax(x).data,
      [
        -1.464368784107945, -0.46436878410794485, -1.964368784107945, -4.702263321439095,
        -0.7022633214390952, -0.7022633214390952,
      ],
      TIGHT,
      "logSoftmax",
    );
  });

  it("match exact values along axis 0", () => {
    assertClose(
      softmax(x, 0).data,
      [
        0.8807970779778824, 0.2689414213699951, 0.07585818002124355, 0.11920292202211756,
        0.7310585786300049, 0.9241418199787564,
      ],
      TIGHT,
      "softmax axis 0",
    );
  });

  it("stay finite for large inputs (max subtracted)", () => {
    const big = tensor([1000, 999], { dtype: "float64" });
    assertClose(softmax(big).data, [0.7310585786300049, 0.2689414213699951], TIGHT, "softmax");
    expect(Number.isFinite(logSoftmax(big).data[0])).toBe(true);
  });

  it("reject a bad axis", () => {
    expect(() => softmax(x, 2)).toThrow("softmax: axis must be an integer in [-2, 1], got 2");
  });

  it("gradients (finite differences) on the last and a middle axis", () => {
    const t = randomTensor(random, [2, 3, 4], { low: -2, high: 2 });
    gradcheck((a) => softmax(a), [t], { name: "softmax" });
    gradcheck((a) => softmax(a, 1), [t], { name: "softmax axis 1" });
    gradcheck((a) => logSoftmax(a), [t], { name: "logSoftmax" });
    gradcheck((a) => logSoftmax(a, 0), [t], { name: "logSoftmax axis 0" });
  });
});
