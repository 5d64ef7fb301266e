import { jsKernels } from "../js/index.js";
import {
  BINARY_OPS,
  type BinaryOp,
  type Conv2dGeometry,
  type Kernels,
  UNARY_OPS,
  type UnaryOp,
} from "../kernels.js";
import type { NativeAddon } from "./addon.js";
import { createNativeFused } from "./fused.js";

const UNARY_INDEX = new Map<string, number>(UNARY_OPS.map((op, i) => [op, i]));
const BINARY_INDEX = new Map<string, number>(BINARY_OPS.map((op, i) => [op, i]));

function unaryIndex(fn: string, op: UnaryOp): number {
  const i = UNARY_INDEX.get(op);
  if (i === undefined) throw new RangeError(`${fn}: op must be a UnaryOp, got ${String(op)}`);
  return i;
}

function binaryIndex(fn: string, op: BinaryOp): number {
  const i = BINARY_INDEX.get(op);
  if (i === undefined) throw new RangeError(`${fn}: op must be a BinaryOp, got ${String(op)}`);
  return i;
}

// Shapes and strides travel to C++ packed in one reused Float64Array (one buffer per thread:
// each worker_thread has its own module instance).
let dims = new Float64Array(64);

/**
 * Packs `shape` followed by each stride list into `dims`; every list must have one entry per
 * axis of `shape`.
 */
function packDims(
  fn: string,
  shape: readonly number[],
  lists: readonly (readonly number[])[],
  names: readonly string[],
): Float64Array {
  const ndim = shape.length;
  const needed = ndim * (lists.length + 1);
  if (dims.length < needed) dims = new Float64Array(Math.max(needed, 2 * dims.length));
  for (let d = 0; d < ndim; d++) dims[d] = shape[d];
  lists.forEach((list, g) => {
    if (list.length !== ndim) {
      throw new RangeError(
        `${fn}: ${names[g]} must have ${ndim} entries (one per axis of shape), got ${list.length}`,
      );
    }
    const base = (g + 1) * ndim;
    for (let d = 0; d < ndim; d++) dims[base + d] = list[d];
  });
  return dims;
}

const geometryBuffer = new Float64Array(13);
const gemmParams = new Float64Array(13);

/** Packs a convolution geometry in Conv2dGeometry's field order. */
function packGeometry(g: Conv2dGeometry): Float64Array {
  const v = geometryBuffer;
  v[0] = g.batch;
  v[1] = g.inChannels;
  v[2] = g.inHeight;
  v[3] = g.inWidth;
  v[4] = g.outChannels;
  v[5] = g.kernelHeight;
  v[6] = g.kernelWidth;
  v[7] = g.strideH;
  v[8] = g.strideW;
  v[9] = g.padH;
  v[10] = g.padW;
  v[11] = g.outHeight;
  v[12] = g.outWidth;
  return v;
}

/**
 * The native kernel set: the addon's C++ kernels (the fused CfC and LTC recurrences included)
 * behind the `Kernels` interface, and the js kernels for every method the addon does not
 * implement (so the set is always complete).
 */
export function createNativeKernels(addon: NativeAddon): Kernels {
  return {
    ...jsKernels,
    name: "native",
    fused: createNativeFused(addon),
    gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc) {
      const p = gemmParams;
      p[0] = transA ? 1 : 0;
      p[1] = transB ? 1 : 0;
      p[2] = m;
      p[3] = n;
      p[4] = k;
      p[5] = alpha;
      p[6] = aOffset;
      p[7] = lda;
      p[8] = bOffset;
      p[9] = ldb;
      p[10] = beta;
      p[11] = cOffset;
      p[12] = ldc;
      addon.gemm(p, a, b, c);
    },
    unary(op, n, x, y) {
      addon.unary(unaryIndex("unary", op), n, x, y);
    },
    unaryBackward(op, n, x, y, gy, gx) {
      addon.unaryBackward(unaryIndex("unaryBackward", op), n, x, y, gy, gx);
    },
    scalarOp(op, n, x, s, scalarFirst, y) {
      addon.scalarOp(binaryIndex("scalarOp", op), n, x, s, scalarFirst, y);
    },
    axpy(n, alpha, x, y) {
      addon.axpy(n, alpha, x, y);
    },
    binary(op, shape, a, aStrides, b, bStrides, y) {
      const op_ = binaryIndex("binary", op);
      const packed = packDims("binary", shape, [aStrides, bStrides], ["aStrides", "bStrides"]);
      addon.binary(op_, shape.length, packed, a, b, y);
    },
    sumBroadcast(shape, x, y, yStrides) {
      const packed = packDims("sumBroadcast", shape, [yStrides], ["yStrides"]);
      addon.sumBroadcast(shape.length, packed, x, y);
    },
    stridedCopy(shape, x, xOffset, xStrides, y, yOffset, yStrides) {
      const packed = packDims("stridedCopy", shape, [xStrides, yStrides], ["xStrides", "yStrides"]);
      addon.stridedCopy(shape.length, packed, x, xOffset, y, yOffset);
    },
    reduceMax(outer, r, inner, x, y, argmax) {
      addon.reduceMax(outer, r, inner, x, y, argmax);
    },
    softmax(outer, r, inner, x, y) {
      addon.softmax(outer, r, inner, x, y);
    },
    softmaxBackward(outer, r, inner, y, gy, gx) {
      addon.softmaxBackward(outer, r, inner, y, gy, gx);
    },
    logSoftmax(outer, r, inner, x, y) {
      addon.logSoftmax(outer, r, inner, x, y);
    },
    logSoftmaxBackward(outer, r, inner, y, gy, gx) {
      addon.logSoftmaxBackward(outer, r, inner, y, gy, gx);
    },
    conv2d(g, x, weight, bias, y) {
      addon.conv2d(packGeometry(g), x, weight, bias, y);
    },
    conv2dBackwardInput(g, gy, weight, gx) {
      addon.conv2dBackwardInput(packGeometry(g), gy, weight, gx);
    },
    conv2dBackwardWeight(g, x, gy, gw) {
      addon.conv2dBackwardWeight(packGeometry(g), x, gy, gw);
    },
  };
}
