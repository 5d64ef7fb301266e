/**
 * The one matrix product the CfC kernels need: rows of A times rows of W (`A·Wᵀ`), both
 * contiguous, so every inner loop is a dot product over memory read in order. Forward passes
 * use it with torch-layout weights; backward passes use it with transposed copies made once
 * per call. The scalar loops block 3×4 outputs that share their loads (measured fastest in V8
 * among 2×2..4×4); products of enough rows run on WebAssembly SIMD instead, with the same bits.
 */
import type { FloatArray } from "./activations.js";
import { wasmGemm } from "./simd/wasmGemm.js";

/**
 * Fewer rows than this and copying and packing W for the SIMD product costs more than it saves
 * (W is packed per call).
 */
const WASM_MIN_ROWS = 8;

/**
 * c[cOff + i·ldc + j] = (accumulate ? c[...] : 0) + (bias ? bias[biasOff + j] : 0)
 *                       + Σ_{q<k} a[aOff + i·lda + q] · w[wOff + j·ldw + q]
 * for i < m, j < n. Each sum is formed in order over q in doubles, then the bias is added.
 */
export function gemmNT(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  aOff: number,
  lda: number,
  w: FloatArray,
  wOff: number,
  ldw: number,
  bias: FloatArray | null,
  biasOff: number,
  c: FloatArray,
  cOff: number,
  ldc: number,
  accumulate: boolean,
): void {
  if (wasmGemm !== null && m >= WASM_MIN_ROWS) {
    wasmGemm.gemmNT(m, n, k, a, aOff, lda, w, wOff, ldw, bias, biasOff, c, cOff, ldc, accumulate);
    return;
  }
  scalarGemmNT(m, n, k, a, aOff, lda, w, wOff, ldw, bias, biasOff, c, cOff, ldc, accumulate);
}

/** {@link gemmNT} in plain scalar loops (what runs without WebAssembly SIMD). */
export function scalarGemmNT(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  aOff: number,
  lda: number,
  w: FloatArray,
  wOff: number,
  ldw: number,
  bias: FloatArray | null,
  biasOff: number,
  c: FloatArray,
  cOff: number,
  ldc: number,
  accumulate: boolean,
): void {
  let i = 0;
  for (; i + 2 < m; i += 3) {
    gemm3Rows(
      n,
      k,
      a,
      aOff + i * lda,
      lda,
      w,
      wOff,
      ldw,
      bias,
      biasOff,
      c,
      cOff + i * ldc,
      ldc,
      accumulate,
    );
  }
  for (; i < m; i++) {
    gemvRows(n, k, a, aOff + i * lda, w, wOff, ldw, bias, biasOff, c, cOff + i * ldc, accumulate);
  }
}

/** Three rows of A against all rows of W: 3×4 blocks of outputs share every load. */
function gemm3Rows(
  n: number,
  k: number,
  a: FloatArray,
  a0: number,
  lda: number,
  w: FloatArray,
  wOff: number,
  ldw: number,
  bias: FloatArray | null,
  biasOff: number,
  c: FloatArray,
  c0: number,
  ldc: number,
  accumulate: boolean,
): void {
  const a1 = a0 + lda;
  const a2 = a1 + lda;
  const c1 = c0 + ldc;
  const c2 = c1 + ldc;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const w0 = wOff + j * ldw;
    const w1 = w0 + ldw;
    const w2 = w1 + ldw;
    const w3 = w2 + ldw;
    let s00 = 0;
    let s01 = 0;
    let s02 = 0;
    let s03 = 0;
    let s10 = 0;
    let s11 = 0;
    let s12 = 0;
    let s13 = 0;
    let s20 = 0;
    let s21 = 0;
    let s22 = 0;
    let s23 = 0;
    for (let q = 0; q < k; q++) {
      const x0 = a[a0 + q];
      const x1 = a[a1 + q];
      const x2 = a[a2 + q];
      const y0 = w[w0 + q];
      s00 += x0 * y0;
      s10 += x1 * y0;
      s20 += x2 * y0;
      const y1 = w[w1 + q];
      s01 += x0 * y1;
      s11 += x1 * y1;
      s21 += x2 * y1;
      const y2 = w[w2 + q];
      s02 += x0 * y2;
      s12 += x1 * y2;
      s22 += x2 * y2;
      const y3 = w[w3 + q];
      s03 += x0 * y3;
      s13 += x1 * y3;
      s23 += x2 * y3;
    }
    if (bias !== null) {
      const b0 = bias[biasOff + j];
      const b1 = bias[biasOff + j + 1];
      const b2 = bias[biasOff + j + 2];
      const b3 = bias[biasOff + j + 3];
      s00 += b0;
      s10 += b0;
      s20 += b0;
      s01 += b1;
      s11 += b1;
      s21 += b1;
      s02 += b2;
      s12 += b2;
      s22 += b2;
      s03 += b3;
      s13 += b3;
      s23 += b3;
    }
    if (accumulate) {
      c[c0 + j] += s00;
      c[c0 + j + 1] += s01;
      c[c0 + j + 2] += s02;
      c[c0 + j + 3] += s03;
      c[c1 + j] += s10;
      c[c1 + j + 1] += s11;
      c[c1 + j + 2] += s12;
      c[c1 + j + 3] += s13;
      c[c2 + j] += s20;
      c[c2 + j + 1] += s21;
      c[c2 + j + 2] += s22;
      c[c2 + j + 3] += s23;
    } else {
      c[c0 + j] = s00;
      c[c0 + j + 1] = s01;
      c[c0 + j + 2] = s02;
      c[c0 + j + 3] = s03;
      c[c1 + j] = s10;
      c[c1 + j + 1] = s11;
      c[c1 + j + 2] = s12;
      c[c1 + j + 3] = s13;
      c[c2 + j] = s20;
      c[c2 + j + 1] = s21;
      c[c2 + j + 2] = s22;
      c[c2 + j + 3] = s23;
    }
  }
  for (; j < n; j++) {
    const w0 = wOff + j * ldw;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let q = 0; q < k; q++) {
      const y = w[w0 + q];
      s0 += a[a0 + q] * y;
      s1 += a[a1 + q] * y;
      s2 += a[a2 + q] * y;
    }
    if (bias !== null) {
      const b = bias[biasOff + j];
      s0 += b;
      s1 += b;
      s2 += b;
    }
    if (accumulate) {
      c[c0 + j] += s0;
      c[c1 + j] += s1;
      c[c2 + j] += s2;
    } else {
      c[c0 + j] = s0;
      c[c1 + j] = s1;
      c[c2 + j] = s2;
    }
  }
}

/** One row of A against n rows of W (the batch-1 case), four W rows at a time. */
function gemvRows(
  n: number,
  k: number,
  a: FloatArray,
  a0: number,
  w: FloatArray,
  wOff: number,
  ldw: number,
  bias: FloatArray | null,
  biasOff: number,
  c: FloatArray,
  c0: number,
  accumulate: boolean,
): void {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const w0 = wOff + j * ldw;
    const w1 = w0 + ldw;
    const w2 = w1 + ldw;
    const w3 = w2 + ldw;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let q = 0; q < k; q++) {
      const x = a[a0 + q];
      s0 += x * w[w0 + q];
      s1 += x * w[w1 + q];
      s2 += x * w[w2 + q];
      s3 += x * w[w3 + q];
    }
    if (bias !== null) {
      s0 += bias[biasOff + j];
      s1 += bias[biasOff + j + 1];
      s2 += bias[biasOff + j + 2];
      s3 += bias[biasOff + j + 3];
    }
    if (accumulate) {
      c[c0 + j] += s0;
      c[c0 + j + 1] += s1;
      c[c0 + j + 2] += s2;
      c[c0 + j + 3] += s3;
    } else {
      c[c0 + j] = s0;
      c[c0 + j + 1] = s1;
      c[c0 + j + 2] = s2;
      c[c0 + j + 3] = s3;
    }
  }
  for (; j < n; j++) {
    const w0 = wOff + j * ldw;
    let s = 0;
    for (let q = 0; q < k; q++) s += a[a0 + q] * w[w0 + q];
    if (bias !== null) s += bias[biasOff + j];
    if (accumulate) c[c0 + j] += s;
    else c[c0 + j] = s;
  }
}

/**
 * Like {@link gemmNT} without accumulation, but with W multiplied element-wise by `mask`
 * (same layout and ldw as W): c = A·(W ⊙ M)ᵀ + bias. Used by the sparsely wired layers, which
 * are small, so a plain loop is enough.
 */
export function gemmNTMasked(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  aOff: number,
  lda: number,
  w: FloatArray,
  mask: FloatArray,
  ldw: number,
  bias: FloatArray,
  c: FloatArray,
  cOff: number,
  ldc: number,
): void {
  for (let i = 0; i < m; i++) {
    const a0 = aOff + i * lda;
    const c0 = cOff + i * ldc;
    for (let j = 0; j < n; j++) {
      const w0 = j * ldw;
      let s = 0;
      for (let q = 0; q < k; q++) s += a[a0 + q] * (w[w0 + q] * mask[w0 + q]);
      c[c0 + j] = s + bias[j];
    }
  }
}

/** dst[j·rows + i] = src[srcOff + i·cols + j]: the [cols, rows] transpose of a [rows, cols] block. */
export function transposeInto(
  rows: number,
  cols: number,
  src: FloatArray,
  srcOff: number,
  dst: FloatArray,
): void {
  for (let i = 0; i < rows; i++) {
    const s = srcOff + i * cols;
    for (let j = 0; j < cols; j++) dst[j * rows + i] = src[s + j];
  }
}
