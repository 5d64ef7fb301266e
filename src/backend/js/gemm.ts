import type { FloatArray } from "../kernels.js";
import { scratch } from "./scratch.js";
import { wasmGemm } from "./simd/wasmGemm.js";

// Blocking sizes: a KC-long slice of NC rows of the packed B (8 * 256 * 64 = 128 KiB in
// float64) stays in L2 while every row pair of A streams past it.
const KC = 256;
const NC = 64;
// Below this many rows of C, packing costs as much as it saves: run the direct loops.
const PACK_MIN_ROWS = 4;
// From this many rows of C, the product runs on WebAssembly SIMD (when there is one), which
// copies and packs B per call.
const WASM_MIN_ROWS = 8;

const SLOT_A = 0;
const SLOT_B = 1;

/**
 * `C = alpha * op(A) op(B) + beta * C`, row-major (see `Kernels.gemm`). Every case is brought
 * to the "A rows times B rows" form (A `[m, k]`, B `[n, k]`), whose inner loop is a set of
 * dot products over contiguous memory; transposed operands are packed first. Products of
 * enough rows with alpha 1 (all of the library's) run on WebAssembly SIMD.
 */
export function gemm<T extends FloatArray>(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: T,
  aOffset: number,
  lda: number,
  b: T,
  bOffset: number,
  ldb: number,
  beta: number,
  c: T,
  cOffset: number,
  ldc: number,
): void {
  scaleC(m, n, beta, c, cOffset, ldc);
  if (m === 0 || n === 0 || k === 0 || alpha === 0) return;

  if (m < PACK_MIN_ROWS && !(transA && transB)) {
    if (transB) dotRows(m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
    else axpyRows(transA, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
    return;
  }

  let ap = a;
  let apOffset = aOffset;
  let apStride = lda;
  if (transA) {
    ap = scratch(a, SLOT_A, m * k);
    transpose(k, m, a, aOffset, lda, ap);
    apOffset = 0;
    apStride = k;
  }
  let bp = b;
  let bpOffset = bOffset;
  let bpStride = ldb;
  if (!transB) {
    bp = scratch(b, SLOT_B, n * k);
    transpose(k, n, b, bOffset, ldb, bp);
    bpOffset = 0;
    bpStride = k;
  }
  if (wasmGemm !== null && alpha === 1 && m >= WASM_MIN_ROWS) {
    // C was scaled above, so the SIMD product accumulates into it.
    wasmGemm.gemmNT(
      m,
      n,
      k,
      ap,
      apOffset,
      apStride,
      bp,
      bpOffset,
      bpStride,
      null,
      0,
      c,
      cOffset,
      ldc,
      true,
    );
    return;
  }
  dotRows(m, n, k, alpha, ap, apOffset, apStride, bp, bpOffset, bpStride, c, cOffset, ldc);
}

/** `C *= beta`; beta 0 writes zeros without reading C (so NaN in C does not survive). */
function scaleC(
  m: number,
  n: number,
  beta: number,
  c: FloatArray,
  cOff: number,
  ldc: number,
): void {
  if (beta === 1) return;
  for (let i = 0; i < m; i++) {
    const row = cOff + i * ldc;
    if (beta === 0) c.fill(0, row, row + n);
    else for (let j = row; j < row + n; j++) c[j] *= beta;
  }
}

/** `dst[c, r] = src[r, c]` for a `rows x cols` source with row stride `ld`. */
function transpose(
  rows: number,
  cols: number,
  src: FloatArray,
  off: number,
  ld: number,
  dst: FloatArray,
): void {
  // Tiles keep both the reads and the writes within a few cache lines.
  const TILE = 32;
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(cols, c0 + TILE);
      for (let r = r0; r < r1; r++) {
        const s = off + r * ld;
        for (let col = c0; col < c1; col++) dst[col * rows + r] = src[s + col];
      }
    }
  }
}

/**
 * `C[i, j] += alpha * dot(A[i, :], B[j, :])` for A `[m, k]` and B `[n, k]`, blocked over k
 * and over rows of B, with a 2x2 register block (four dot products share their loads).
 */
function dotRows(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  aOff: number,
  lda: number,
  b: FloatArray,
  bOff: number,
  ldb: number,
  c: FloatArray,
  cOff: number,
  ldc: number,
): void {
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = Math.min(KC, k - p0);
    for (let j0 = 0; j0 < n; j0 += NC) {
      const j1 = Math.min(n, j0 + NC);
      let i = 0;
      for (; i + 1 < m; i += 2) {
        const a0 = aOff + i * lda + p0;
        const a1 = a0 + lda;
        const c0 = cOff + i * ldc;
        const c1 = c0 + ldc;
        let j = j0;
        for (; j + 1 < j1; j += 2) {
          const b0 = bOff + j * ldb + p0;
          const b1 = b0 + ldb;
          let s00 = 0;
          let s01 = 0;
          let s10 = 0;
          let s11 = 0;
          for (let p = 0; p < kc; p++) {
            const x0 = a[a0 + p];
            const x1 = a[a1 + p];
            const y0 = b[b0 + p];
            const y1 = b[b1 + p];
            s00 += x0 * y0;
            s01 += x0 * y1;
            s10 += x1 * y0;
            s11 += x1 * y1;
          }
          c[c0 + j] += alpha * s00;
          c[c0 + j + 1] += alpha * s01;
          c[c1 + j] += alpha * s10;
          c[c1 + j + 1] += alpha * s11;
        }
        if (j < j1) {
          const b0 = bOff + j * ldb + p0;
          let s0 = 0;
          let s1 = 0;
          for (let p = 0; p < kc; p++) {
            const y = b[b0 + p];
            s0 += a[a0 + p] * y;
            s1 += a[a1 + p] * y;
          }
          c[c0 + j] += alpha * s0;
          c[c1 + j] += alpha * s1;
        }
      }
      if (i < m) {
        // The last odd row (all of a single-row product): four dots share each load of A.
        const a0 = aOff + i * lda + p0;
        const c0 = cOff + i * ldc;
        let j = j0;
        for (; j + 3 < j1; j += 4) {
          const b0 = bOff + j * ldb + p0;
          const b1 = b0 + ldb;
          const b2 = b1 + ldb;
          const b3 = b2 + ldb;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          for (let p = 0; p < kc; p++) {
            const x = a[a0 + p];
            s0 += x * b[b0 + p];
            s1 += x * b[b1 + p];
            s2 += x * b[b2 + p];
            s3 += x * b[b3 + p];
          }
          c[c0 + j] += alpha * s0;
          c[c0 + j + 1] += alpha * s1;
          c[c0 + j + 2] += alpha * s2;
          c[c0 + j + 3] += alpha * s3;
        }
        for (; j < j1; j++) {
          const b0 = bOff + j * ldb + p0;
          let s = 0;
          for (let p = 0; p < kc; p++) s += a[a0 + p] * b[b0 + p];
          c[c0 + j] += alpha * s;
        }
      }
    }
  }
}

/**
 * `C[i, :] += alpha * op(A)[i, p] * B[p, :]` for untransposed B `[k, n]`: the few-row case,
 * where a contiguous sweep over B's rows beats packing it.
 */
function axpyRows(
  transA: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  aOff: number,
  lda: number,
  b: FloatArray,
  bOff: number,
  ldb: number,
  c: FloatArray,
  cOff: number,
  ldc: number,
): void {
  // op(A)[i, p] sits at aOff + i * si + p * sp.
  const si = transA ? 1 : lda;
  const sp = transA ? lda : 1;
  for (let i = 0; i < m; i++) {
    const crow = cOff + i * ldc;
    for (let p = 0; p < k; p++) {
      const s = alpha * a[aOff + i * si + p * sp];
      const brow = bOff + p * ldb;
      for (let j = 0; j < n; j++) c[crow + j] += s * b[brow + j];
    }
  }
}
