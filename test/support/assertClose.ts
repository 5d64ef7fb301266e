import { compareArrays, type Tolerance } from "../../src/cli/golden/compare.js";

/** Throws with the worst errors and the first failing index when `actual` is not close to `expected`. */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  what = "value",
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: length ${actual.length}, expected ${expected.length}`);
  }
  const c = compareArrays(actual, expected, tol);
  if (!c.ok) {
    const i = c.firstBad;
    throw new Error(
      `${what}: not close (atol ${tol.atol}, rtol ${tol.rtol}); max abs ${c.maxAbs}, max rel ${c.maxRel}; first at [${i}]: ${actual[i]} vs ${expected[i]}`,
    );
  }
}
