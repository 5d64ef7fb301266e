/**
 * The kernel interface: every numeric loop the tensor core runs, over flat typed arrays,
 * dimensions and scalars only. Kernels never see tensors, so the portable `js` set and the
 * C++ `native` set are drop-in twins. Conventions, shared by every method:
 *
 * - All arrays of one call have the same element type (`T`), Float32Array or Float64Array.
 * - Arrays are row-major; `offset` arguments index into them, `strides` count elements.
 * - Outputs are passed in and overwritten, unless the method says it accumulates (`+=`).
 * - Shapes and strides are plain `readonly number[]`; a broadcast axis has stride 0.
 */

import type { FusedRecurrences } from "./fused.js";

/** The element storage of a tensor. */
export type FloatArray = Float32Array | Float64Array;

/** The names of the two kernel sets. */
export type BackendName = "js" | "native";

/** Element-wise functions with a derivative (`unary` / `unaryBackward`). */
export type UnaryOp =
  | "neg"
  | "abs"
  | "exp"
  | "log"
  | "sqrt"
  | "tanh"
  | "sigmoid"
  | "relu"
  | "silu"
  | "gelu"
  | "softplus"
  | "lecunTanh";

/** Element-wise binary functions (`binary`, `scalarOp`). */
export type BinaryOp = "add" | "sub" | "mul" | "div" | "minimum" | "maximum";

/** Every unary op name, in a fixed order (native code may map them to integers by index). */
export const UNARY_OPS: readonly UnaryOp[] = [
  "neg",
  "abs",
  "exp",
  "log",
  "sqrt",
  "tanh",
  "sigmoid",
  "relu",
  "silu",
  "gelu",
  "softplus",
  "lecunTanh",
];

/** Every binary op name, in a fixed order (native code may map them to integers by index). */
export const BINARY_OPS: readonly BinaryOp[] = ["add", "sub", "mul", "div", "minimum", "maximum"];

/**
 * Geometry of a 2-D convolution in NCHW layout: input `[batch, inChannels, inHeight, inWidth]`,
 * weight `[outChannels, inChannels, kernelHeight, kernelWidth]`, output
 * `[batch, outChannels, outHeight, outWidth]`, with zero padding on both sides of each axis.
 */
export interface Conv2dGeometry {
  /** Samples in the batch. */
  readonly batch: number;
  /** Input channels. */
  readonly inChannels: number;
  /** Input height. */
  readonly inHeight: number;
  /** Input width. */
  readonly inWidth: number;
  /** Output channels. */
  readonly outChannels: number;
  /** Kernel height. */
  readonly kernelHeight: number;
  /** Kernel width. */
  readonly kernelWidth: number;
  /** Vertical stride. */
  readonly strideH: number;
  /** Horizontal stride. */
  readonly strideW: number;
  /** Zero rows added above and below. */
  readonly padH: number;
  /** Zero columns added left and right. */
  readonly padW: number;
  /** `floor((inHeight + 2 padH - kernelHeight) / strideH) + 1` */
  readonly outHeight: number;
  /** `floor((inWidth + 2 padW - kernelWidth) / strideW) + 1` */
  readonly outWidth: number;
}

/** One complete kernel set. */
export interface Kernels {
  /** Which set this is. */
  readonly name: BackendName;

  /**
   * General matrix product, BLAS-style and row-major:
   * `C = alpha * op(A) * op(B) + beta * C`, with `op(A)` of shape `[m, k]` and `op(B)` of
   * shape `[k, n]`. `A` is stored `[m, k]` (or `[k, m]` when `transA`) with row stride `lda`,
   * starting at `aOffset`; likewise `B` and `C` (`[m, n]`, row stride `ldc`). `beta = 0`
   * overwrites `C` without reading it.
   */
  gemm<T extends FloatArray>(
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
  ): void;

  /** `y[i] = f(x[i])` for `i < n`. `y` may be `x`. */
  unary<T extends FloatArray>(op: UnaryOp, n: number, x: T, y: T): void;

  /**
   * `gx[i] = gy[i] * f'(x[i])`, given the input `x` and the forward output `y = f(x)`
   * (each op reads whichever is cheaper and matches torch's formula).
   */
  unaryBackward<T extends FloatArray>(op: UnaryOp, n: number, x: T, y: T, gy: T, gx: T): void;

  /** `y[i] = x[i] ** exponent` (torch's special cases for 2, 3, 0.5, -0.5, -1, -2). */
  powScalar<T extends FloatArray>(n: number, x: T, exponent: number, y: T): void;

  /** `gx[i] = gy[i] * exponent * x[i] ** (exponent - 1)`, and 0 when `exponent` is 0. */
  powScalarBackward<T extends FloatArray>(n: number, x: T, exponent: number, gy: T, gx: T): void;

  /** `y[i] = min(max(x[i], lo), hi)`; pass ±Infinity for a missing bound. */
  clamp<T extends FloatArray>(n: number, x: T, lo: number, hi: number, y: T): void;

  /** `gx[i] = lo <= x[i] <= hi ? gy[i] : 0` (torch passes the gradient at the bounds). */
  clampBackward<T extends FloatArray>(n: number, x: T, lo: number, hi: number, gy: T, gx: T): void;

  /** `y[i] = x[i] op s`, or `s op x[i]` when `scalarFirst`. */
  scalarOp<T extends FloatArray>(
    op: BinaryOp,
    n: number,
    x: T,
    s: number,
    scalarFirst: boolean,
    y: T,
  ): void;

  /** `y[i] += alpha * x[i]` for `i < n`. */
  axpy<T extends FloatArray>(n: number, alpha: number, x: T, y: T): void;

  /**
   * Broadcast binary op: `y[idx] = a[idx . aStrides] op b[idx . bStrides]` over every index
   * `idx` of `shape`; `y` is contiguous with that shape.
   */
  binary<T extends FloatArray>(
    op: BinaryOp,
    shape: readonly number[],
    a: T,
    aStrides: readonly number[],
    b: T,
    bStrides: readonly number[],
    y: T,
  ): void;

  /**
   * Broadcast select: `y[idx] = cond[idx . cStrides] != 0 ? a[idx . aStrides] : b[idx . bStrides]`;
   * `y` is contiguous with `shape`.
   */
  where<T extends FloatArray>(
    shape: readonly number[],
    cond: T,
    cStrides: readonly number[],
    a: T,
    aStrides: readonly number[],
    b: T,
    bStrides: readonly number[],
    y: T,
  ): void;

  /**
   * Gradients of `minimum`/`maximum` at the broadcast shape (both contiguous with `shape`):
   * the winner gets `gy`, a tie gives each side `gy / 2` (torch's rule).
   * `isMax` selects maximum. `ga` and `gb` are overwritten.
   */
  extremumBackward<T extends FloatArray>(
    isMax: boolean,
    shape: readonly number[],
    a: T,
    aStrides: readonly number[],
    b: T,
    bStrides: readonly number[],
    gy: T,
    ga: T,
    gb: T,
  ): void;

  /**
   * Sums a contiguous `x` of `shape` into `y` (accumulates, `+=`): element `idx` goes to
   * `y[idx . yStrides]`. Zero strides make it a reduction over those axes, which is how a
   * broadcast gradient is summed back to its operand's shape.
   */
  sumBroadcast<T extends FloatArray>(
    shape: readonly number[],
    x: T,
    y: T,
    yStrides: readonly number[],
  ): void;

  /**
   * Strided copy: `y[yOffset + idx . yStrides] = x[xOffset + idx . xStrides]` over every
   * index of `shape` (permute, slice, concat, broadcast materialisation).
   */
  stridedCopy<T extends FloatArray>(
    shape: readonly number[],
    x: T,
    xOffset: number,
    xStrides: readonly number[],
    y: T,
    yOffset: number,
    yStrides: readonly number[],
  ): void;

  /**
   * Maximum over the middle axis of `[outer, r, inner]` into `y` `[outer, inner]`, with the
   * index of the first maximum in `argmax` (NaN counts as the maximum, like torch).
   */
  reduceMax<T extends FloatArray>(
    outer: number,
    r: number,
    inner: number,
    x: T,
    y: T,
    argmax: Int32Array,
  ): void;

  /** Softmax over the middle axis of `[outer, r, inner]`. */
  softmax<T extends FloatArray>(outer: number, r: number, inner: number, x: T, y: T): void;

  /** `gx = y * (gy - sum(gy * y))` over the middle axis, with `y` the softmax output. */
  softmaxBackward<T extends FloatArray>(
    outer: number,
    r: number,
    inner: number,
    y: T,
    gy: T,
    gx: T,
  ): void;

  /** Log-softmax over the middle axis of `[outer, r, inner]`. */
  logSoftmax<T extends FloatArray>(outer: number, r: number, inner: number, x: T, y: T): void;

  /** `gx = gy - exp(y) * sum(gy)` over the middle axis, with `y` the log-softmax output. */
  logSoftmaxBackward<T extends FloatArray>(
    outer: number,
    r: number,
    inner: number,
    y: T,
    gy: T,
    gx: T,
  ): void;

  /**
   * `y[o, j, i] = x[o, index[j], i]` for `x` `[outer, n, inner]` and `y`
   * `[outer, index.length, inner]`. Indices must already be checked to lie in `[0, n)`.
   */
  indexSelect<T extends FloatArray>(
    outer: number,
    n: number,
    inner: number,
    x: T,
    index: Int32Array,
    y: T,
  ): void;

  /** The adjoint of `indexSelect`: `gx[o, index[j], i] += gy[o, j, i]` (accumulates). */
  indexAdd<T extends FloatArray>(
    outer: number,
    n: number,
    inner: number,
    gy: T,
    index: Int32Array,
    gx: T,
  ): void;

  /**
   * `y[o, j, i] = x[o, index[o, j, i], i]` for `x` `[outer, n, inner]` and `index`, `y`
   * `[outer, k, inner]` (torch.gather). Indices must already be checked to lie in `[0, n)`.
   */
  gather<T extends FloatArray>(
    outer: number,
    n: number,
    k: number,
    inner: number,
    x: T,
    index: Int32Array,
    y: T,
  ): void;

  /** The adjoint of `gather`: `gx[o, index[o, j, i], i] += gy[o, j, i]` (accumulates). */
  scatterAdd<T extends FloatArray>(
    outer: number,
    n: number,
    k: number,
    inner: number,
    gy: T,
    index: Int32Array,
    gx: T,
  ): void;

  /** Convolution forward (NCHW, cross-correlation like torch); `bias` may be null. */
  conv2d<T extends FloatArray>(g: Conv2dGeometry, x: T, weight: T, bias: T | null, y: T): void;

  /** Gradient with respect to the input: `gx` (overwritten) from `gy` and `weight`. */
  conv2dBackwardInput<T extends FloatArray>(g: Conv2dGeometry, gy: T, weight: T, gx: T): void;

  /** Gradient with respect to the weight: `gw` (overwritten) from `x` and `gy`. */
  conv2dBackwardWeight<T extends FloatArray>(g: Conv2dGeometry, x: T, gy: T, gw: T): void;

  /**
   * The fused recurrences (whole CfC/LTC sequences with their BPTT, and streaming steps); see
   * fused.ts. A set may provide some or none of them: the missing ones come from `js`.
   */
  readonly fused?: Partial<FusedRecurrences>;
}
