import type { FloatArray, Kernels } from "../kernels.js";

/**
 * The functions the C++ addon (`native/`, built into `build/Release/ncps_native.node`)
 * exports. Arguments are positional and plain: op names travel as their index in
 * `UNARY_OPS`/`BINARY_OPS`, and shapes, strides and convolution geometries as integers packed
 * into one Float64Array (`dims`). The addon checks every argument (types, element types, and
 * that each array holds every element the call touches) and throws TypeError/RangeError.
 */
export interface NativeAddon {
  /** Version of this calling convention; the adapter refuses an addon with another. */
  readonly abiVersion: number;
  /**
   * `params` = [transA, transB, m, n, k, alpha, aOffset, lda, bOffset, ldb, beta, cOffset, ldc],
   * flags as 0 or 1 (one typed array is cheaper to pass than 13 arguments).
   */
  gemm(params: Float64Array, a: FloatArray, b: FloatArray, c: FloatArray): void;
  unary(op: number, n: number, x: FloatArray, y: FloatArray): void;
  unaryBackward(
    op: number,
    n: number,
    x: FloatArray,
    y: FloatArray,
    gy: FloatArray,
    gx: FloatArray,
  ): void;
  scalarOp(
    op: number,
    n: number,
    x: FloatArray,
    s: number,
    scalarFirst: boolean,
    y: FloatArray,
  ): void;
  axpy(n: number, alpha: number, x: FloatArray, y: FloatArray): void;
  /** `dims` = shape, aStrides, bStrides (`ndim` each). */
  binary(
    op: number,
    ndim: number,
    dims: Float64Array,
    a: FloatArray,
    b: FloatArray,
    y: FloatArray,
  ): void;
  /** `dims` = shape, yStrides. */
  sumBroadcast(ndim: number, dims: Float64Array, x: FloatArray, y: FloatArray): void;
  /** `dims` = shape, xStrides, yStrides. */
  stridedCopy(
    ndim: number,
    dims: Float64Array,
    x: FloatArray,
    xOffset: number,
    y: FloatArray,
    yOffset: number,
  ): void;
  reduceMax(
    outer: number,
    r: number,
    inner: number,
    x: FloatArray,
    y: FloatArray,
    argmax: Int32Array,
  ): void;
  softmax(outer: number, r: number, inner: number, x: FloatArray, y: FloatArray): void;
  softmaxBackward(
    outer: number,
    r: number,
    inner: number,
    y: FloatArray,
    gy: FloatArray,
    gx: FloatArray,
  ): void;
  logSoftmax(outer: number, r: number, inner: number, x: FloatArray, y: FloatArray): void;
  logSoftmaxBackward(
    outer: number,
    r: number,
    inner: number,
    y: FloatArray,
    gy: FloatArray,
    gx: FloatArray,
  ): void;
  /** `geometry`: the 13 fields of Conv2dGeometry in declaration order. */
  conv2d(
    geometry: Float64Array,
    x: FloatArray,
    weight: FloatArray,
    bias: FloatArray | null,
    y: FloatArray,
  ): void;
  conv2dBackwardInput(
    geometry: Float64Array,
    gy: FloatArray,
    weight: FloatArray,
    gx: FloatArray,
  ): void;
  conv2dBackwardWeight(geometry: Float64Array, x: FloatArray, gy: FloatArray, gw: FloatArray): void;
}

/** The calling convention this adapter speaks (the addon's `abiVersion`). */
export const NATIVE_ABI_VERSION = 1;

/**
 * Every function a usable addon exports: the `Kernels` methods the native set runs in C++
 * (the others are the js kernels).
 */
export const NATIVE_METHODS = [
  "gemm",
  "unary",
  "unaryBackward",
  "scalarOp",
  "axpy",
  "binary",
  "sumBroadcast",
  "stridedCopy",
  "reduceMax",
  "softmax",
  "softmaxBackward",
  "logSoftmax",
  "logSoftmaxBackward",
  "conv2d",
  "conv2dBackwardInput",
  "conv2dBackwardWeight",
] as const satisfies readonly (keyof NativeAddon & keyof Kernels)[];

/**
 * Checks that a loaded module is an addon this adapter can drive; returns why not, or null
 * when it is.
 */
export function addonMismatch(module: unknown): string | null {
  if (typeof module !== "object" || module === null) {
    return `the addon exports ${module === null ? "null" : typeof module}, expected an object`;
  }
  const exports = module as Record<string, unknown>;
  if (exports.abiVersion !== NATIVE_ABI_VERSION) {
    return `the addon speaks version ${String(exports.abiVersion)}, expected ${NATIVE_ABI_VERSION} (rebuild it)`;
  }
  const missing = NATIVE_METHODS.filter((name) => typeof exports[name] !== "function");
  if (missing.length > 0) return `the addon lacks ${missing.join(", ")} (rebuild it)`;
  return null;
}
