import type { FloatArray } from "../kernels.js";

// All four kernels work on [outer, r, inner] arrays along the middle axis: element j of the
// line (o, i) sits at (o * r + j) * inner + i. The last axis is the case inner = 1.

/** Softmax: `exp(x - max) / sum(exp(x - max))`, scaled by the reciprocal of the sum (torch). */
export function softmax<T extends FloatArray>(
  outer: number,
  r: number,
  inner: number,
  x: T,
  y: T,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * r * inner + i;
      const end = base + r * inner;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = base; j < end; j += inner) if (x[j] > max) max = x[j];
      let sum = 0;
      for (let j = base; j < end; j += inner) {
        const e = Math.exp(x[j] - max);
        y[j] = e;
        sum += e;
      }
      const scale = 1 / sum;
      for (let j = base; j < end; j += inner) y[j] *= scale;
    }
  }
}

/** `gx = y * (gy - sum(gy * y))`. */
export function softmaxBackward<T extends FloatArray>(
  outer: number,
  r: number,
  inner: number,
  y: T,
  gy: T,
  gx: T,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * r * inner + i;
      const end = base + r * inner;
      let dot = 0;
      for (let j = base; j < end; j += inner) dot += gy[j] * y[j];
      for (let j = base; j < end; j += inner) gx[j] = y[j] * (gy[j] - dot);
    }
  }
}

/** Log-softmax: `x - (max + log(sum(exp(x - max))))`. */
export function logSoftmax<T extends FloatArray>(
  outer: number,
  r: number,
  inner: number,
  x: T,
  y: T,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * r * inner + i;
      const end = base + r * inner;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = base; j < end; j += inner) if (x[j] > max) max = x[j];
      let sum = 0;
      for (let j = base; j < end; j += inner) sum += Math.exp(x[j] - max);
      const shift = max + Math.log(sum);
      for (let j = base; j < end; j += inner) y[j] = x[j] - shift;
    }
  }
}

/** `gx = gy - exp(y) * sum(gy)`. */
export function logSoftmaxBackward<T extends FloatArray>(
  outer: number,
  r: number,
  inner: number,
  y: T,
  gy: T,
  gx: T,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * r * inner + i;
      const end = base + r * inner;
      let sum = 0;
      for (let j = base; j < end; j += inner) sum += gy[j];
      for (let j = base; j < end; j += inner) gx[j] = gy[j] - Math.exp(y[j]) * sum;
    }
  }
}
