import type { BinaryOp, FloatArray } from "../kernels.js";
import { contiguousStrides } from "../strides.js";
import { maximumOf, minimumOf } from "./elementwise.js";
import { StridedRows } from "./strided.js";

/** `y = a op b` over the broadcast `shape` (see `Kernels.binary`). */
export function binary<T extends FloatArray>(
  op: BinaryOp,
  shape: readonly number[],
  a: T,
  aStrides: readonly number[],
  b: T,
  bStrides: readonly number[],
  y: T,
): void {
  const it = new StridedRows(shape, [aStrides, bStrides, contiguousStrides(shape)]);
  const n = it.inner;
  const as = it.innerStrides[0];
  const bs = it.innerStrides[1];
  const off = it.offsets;
  for (let r = 0; r < it.rows; r++) {
    binaryRow(op, n, a, off[0], as, b, off[1], bs, y, off[2]);
    it.next();
  }
}

function binaryRow(
  op: BinaryOp,
  n: number,
  a: FloatArray,
  ai: number,
  as: number,
  b: FloatArray,
  bi: number,
  bs: number,
  y: FloatArray,
  yi: number,
): void {
  const end = yi + n;
  switch (op) {
    case "add":
      for (; yi < end; yi++, ai += as, bi += bs) y[yi] = a[ai] + b[bi];
      return;
    case "sub":
      for (; yi < end; yi++, ai += as, bi += bs) y[yi] = a[ai] - b[bi];
      return;
    case "mul":
      for (; yi < end; yi++, ai += as, bi += bs) y[yi] = a[ai] * b[bi];
      return;
    case "div":
      for (; yi < end; yi++, ai += as, bi += bs) y[yi] = a[ai] / b[bi];
      return;
    case "minimum":
      for (; yi < end; yi++, ai += as, bi += bs) y[yi] = minimumOf(a[ai], b[bi]);
      return;
    case "maximum":
      for (; yi < end; yi++, ai += as, bi += bs) y[yi] = maximumOf(a[ai], b[bi]);
      return;
    default:
      throw new RangeError(`binary: op must be a BinaryOp, got ${String(op)}`);
  }
}

/** `y = cond != 0 ? a : b` over the broadcast `shape`. */
export function where<T extends FloatArray>(
  shape: readonly number[],
  cond: T,
  cStrides: readonly number[],
  a: T,
  aStrides: readonly number[],
  b: T,
  bStrides: readonly number[],
  y: T,
): void {
  const it = new StridedRows(shape, [cStrides, aStrides, bStrides, contiguousStrides(shape)]);
  const [cs, as, bs] = it.innerStrides;
  const off = it.offsets;
  for (let r = 0; r < it.rows; r++) {
    let ci = off[0];
    let ai = off[1];
    let bi = off[2];
    const yi = off[3];
    for (let i = 0; i < it.inner; i++, ci += cs, ai += as, bi += bs) {
      y[yi + i] = cond[ci] !== 0 ? a[ai] : b[bi];
    }
    it.next();
  }
}

/** Gradients of minimum/maximum at the broadcast shape; ties split evenly (torch). */
export function extremumBackward<T extends FloatArray>(
  isMax: boolean,
  shape: readonly number[],
  a: T,
  aStrides: readonly number[],
  b: T,
  bStrides: readonly number[],
  gy: T,
  ga: T,
  gb: T,
): void {
  const it = new StridedRows(shape, [aStrides, bStrides, contiguousStrides(shape)]);
  const [as, bs] = it.innerStrides;
  const off = it.offsets;
  const sign = isMax ? 1 : -1;
  for (let r = 0; r < it.rows; r++) {
    let ai = off[0];
    let bi = off[1];
    const yi = off[2];
    for (let i = yi; i < yi + it.inner; i++, ai += as, bi += bs) {
      // d > 0: a wins; d < 0: b wins; equal: split (for minimum the sign flips the order).
      const d = sign * (a[ai] - b[bi]);
      const g = gy[i];
      if (d > 0) {
        ga[i] = g;
        gb[i] = 0;
      } else if (d < 0) {
        ga[i] = 0;
        gb[i] = g;
      } else {
        ga[i] = g / 2;
        gb[i] = g / 2;
      }
    }
    it.next();
  }
}

/** `y[idx . yStrides] += x[idx]` for a contiguous `x` of `shape`. */
export function sumBroadcast<T extends FloatArray>(
  shape: readonly number[],
  x: T,
  y: T,
  yStrides: readonly number[],
): void {
  const it = new StridedRows(shape, [contiguousStrides(shape), yStrides]);
  const ys = it.innerStrides[1];
  const off = it.offsets;
  for (let r = 0; r < it.rows; r++) {
    const xi = off[0];
    let yi = off[1];
    if (ys === 0) {
      // A reduced last axis: sum the row in a register.
      let s = 0;
      for (let i = xi; i < xi + it.inner; i++) s += x[i];
      y[yi] += s;
    } else {
      for (let i = xi; i < xi + it.inner; i++, yi += ys) y[yi] += x[i];
    }
    it.next();
  }
}

/** `y[yOffset + idx . yStrides] = x[xOffset + idx . xStrides]` over `shape`. */
export function stridedCopy<T extends FloatArray>(
  shape: readonly number[],
  x: T,
  xOffset: number,
  xStrides: readonly number[],
  y: T,
  yOffset: number,
  yStrides: readonly number[],
): void {
  const it = new StridedRows(shape, [xStrides, yStrides], [xOffset, yOffset]);
  const [xs, ys] = it.innerStrides;
  const off = it.offsets;
  const n = it.inner;
  for (let r = 0; r < it.rows; r++) {
    const xi = off[0];
    const yi = off[1];
    if (xs === 1 && ys === 1 && n >= 64) {
      // Long contiguous runs: a native block copy beats the element loop.
      y.set(x.subarray(xi, xi + n), yi);
    } else {
      for (let i = 0; i < n; i++) y[yi + i * ys] = x[xi + i * xs];
    }
    it.next();
  }
}
