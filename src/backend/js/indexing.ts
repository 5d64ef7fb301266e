import type { FloatArray } from "../kernels.js";

// Index kernels trust their indices: the tensor ops check them once, with a useful message.

/** `y[o, j, i] = x[o, index[j], i]`. */
export function indexSelect<T extends FloatArray>(
  outer: number,
  n: number,
  inner: number,
  x: T,
  index: Int32Array,
  y: T,
): void {
  const k = index.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const src = (o * n + index[j]) * inner;
      const dst = (o * k + j) * inner;
      for (let i = 0; i < inner; i++) y[dst + i] = x[src + i];
    }
  }
}

/** `gx[o, index[j], i] += gy[o, j, i]`. */
export function indexAdd<T extends FloatArray>(
  outer: number,
  n: number,
  inner: number,
  gy: T,
  index: Int32Array,
  gx: T,
): void {
  const k = index.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const dst = (o * n + index[j]) * inner;
      const src = (o * k + j) * inner;
      for (let i = 0; i < inner; i++) gx[dst + i] += gy[src + i];
    }
  }
}

/** `y[o, j, i] = x[o, index[o, j, i], i]` (torch.gather). */
export function gather<T extends FloatArray>(
  outer: number,
  n: number,
  k: number,
  inner: number,
  x: T,
  index: Int32Array,
  y: T,
): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const at = (o * k + j) * inner;
      for (let i = 0; i < inner; i++) y[at + i] = x[(o * n + index[at + i]) * inner + i];
    }
  }
}

/** `gx[o, index[o, j, i], i] += gy[o, j, i]` (the adjoint of gather). */
export function scatterAdd<T extends FloatArray>(
  outer: number,
  n: number,
  k: number,
  inner: number,
  gy: T,
  index: Int32Array,
  gx: T,
): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const at = (o * k + j) * inner;
      for (let i = 0; i < inner; i++) gx[(o * n + index[at + i]) * inner + i] += gy[at + i];
    }
  }
}
