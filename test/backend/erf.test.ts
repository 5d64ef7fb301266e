import { describe, expect, it } from "vitest";
import { erf } from "../../src/backend/index.js";
import { assertClose } from "../support/assertClose.js";

describe("erf", () => {
  // Exact values from mpmath (40 digits) rounded to float64:
  //   [repr(float(mpmath.erf(x))) for x in ERF_X]
  const ERF_X = [0, 1e-10, 0.1, -0.3, 0.5, 0.9, 0.99, 1, 1.5, -2.2, 3, 3.7, 5, 5.9, 6.5, -8];
  const ERF = [
    0, 1.1283791670955126e-10, 0.1124629160182849, -0.3286267594591274, 0.5204998778130465,
    0.7969082124228322, 0.8385080695553698, 0.8427007929497149, 0.9661051464753108,
    -0.9981371537020182, 0.9999779095030014, 0.9999998328489421, 0.9999999999984626,
    0.9999999999999999, 1, -1,
  ];

  it("agrees with the exact values to about one ulp over all regions", () => {
    // 2 ulp of a value near 1 is 2.2e-16 relative at most 4.5e-16.
    assertClose(ERF_X.map(erf), ERF, { atol: 0, rtol: 4.5e-16 }, "erf");
  });

  it("is odd and saturates", () => {
    for (const x of [0.37, 1.2, 2.9, 4.4]) expect(erf(-x)).toBe(-erf(x));
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
  });

  it("is continuous across the region boundaries 1, 2, 3.5 and 6", () => {
    for (const b of [1, 2, 3.5, 6]) {
      const below = erf(b - 2 ** -40);
      const at = erf(b);
      expect(Math.abs(at - below)).toBeLessThan(1e-11);
      expect(at).toBeGreaterThanOrEqual(below);
    }
  });
});
