import type { FloatArray } from "../kernels.js";

/**
 * `y[o, i] = max_j x[o, j, i]` with `argmax` the first index reaching it; a NaN wins (torch
 * propagates NaN through max).
 */
export function reduceMax<T extends FloatArray>(
  outer: number,
  r: number,
  inner: number,
  x: T,
  y: T,
  argmax: Int32Array,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * r * inner + i;
      let best = x[base];
      let at = 0;
      if (!Number.isNaN(best)) {
        for (let j = 1; j < r; j++) {
          const v = x[base + j * inner];
          if (v > best || Number.isNaN(v)) {
            best = v;
            at = j;
            if (Number.isNaN(v)) break;
          }
        }
      }
      y[o * inner + i] = best;
      argmax[o * inner + i] = at;
    }
  }
}
