/**
 * The test problem of `torchReference.ts`, mirrored: two parameters of 5 and 3 elements,
 * initial values init(k, i) and the gradient grad(t, k, i) at step t (exact binary fractions,
 * so both languages start from identical numbers).
 */
import type { FloatArray, ParamLike } from "../../src/optim/types.js";

export const SIZES = [5, 3];

/** Python: ((7 * i + 3 * t + 5 * k) % 11 - 5) / 4 */
export function gradAt(t: number, k: number, i: number): number {
  return (((7 * i + 3 * t + 5 * k) % 11) - 5) / 4;
}

/** Python: (i - 2) / 8 + k / 16 */
export function initAt(k: number, i: number): number {
  return (i - 2) / 8 + k / 16;
}

/** Fresh parameters of the given dtype with null gradients. */
export function makeParams(dtype: "float32" | "float64" = "float64"): ParamLike[] {
  return SIZES.map((n, k) => {
    const values = Array.from({ length: n }, (_, i) => initAt(k, i));
    const data: FloatArray =
      dtype === "float32" ? Float32Array.from(values) : Float64Array.from(values);
    return { data, grad: null };
  });
}

/** Sets the step-t gradients; pairs [t, k] in `skip` get a null gradient (torch: None). */
export function setGrads(
  params: ParamLike[],
  t: number,
  skip: ReadonlyArray<readonly [number, number]> = [],
) {
  params.forEach((p, k) => {
    const skipped = skip.some(([st, sk]) => st === t && sk === k);
    const values = Array.from({ length: p.data.length }, (_, i) => gradAt(t, k, i));
    p.grad = skipped
      ? null
      : {
          data:
            p.data instanceof Float32Array ? Float32Array.from(values) : Float64Array.from(values),
        };
  });
}
