/** The table-based exp used by the LTC synapse sigmoids, against Math.exp. */
import { describe, expect, it } from "vitest";
import { fastExp } from "../../../src/backend/js/ltcExp.js";

/** |a − e| / e in units of e's ulp (e > 0, normal). */
function ulps(a: number, e: number): number {
  const ulp = 2 ** (Math.floor(Math.log2(e)) - 52);
  return Math.abs(a - e) / ulp;
}

describe("fastExp", () => {
  it("is within 2 ulp of Math.exp on a dense grid over [-40, 40]", () => {
    let worst = 0;
    for (let i = 0; i <= 400_000; i++) {
      const x = -40 + i * 2e-4 + 1.2345e-7;
      worst = Math.max(worst, ulps(fastExp(x), Math.exp(x)));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it("is exact at 0 and on whole table steps near 0", () => {
    expect(fastExp(0)).toBe(1);
    expect(ulps(fastExp(Math.LN2), 2)).toBeLessThanOrEqual(1);
  });

  it("defers to Math.exp outside [-40, 40], for infinities and NaN", () => {
    for (const x of [40.5, -40.5, 700, -700, 709.9, -745.5, 1000, -1000]) {
      expect(fastExp(x)).toBe(Math.exp(x));
    }
    expect(fastExp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(fastExp(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(fastExp(Number.NaN)).toBeNaN();
  });
});
