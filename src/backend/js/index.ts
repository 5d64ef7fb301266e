import type { Kernels } from "../kernels.js";
import { binary, extremumBackward, stridedCopy, sumBroadcast, where } from "./broadcast.js";
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from "./conv2d.js";
import {
  axpy,
  clamp,
  clampBackward,
  powScalar,
  powScalarBackward,
  scalarOp,
  unary,
  unaryBackward,
} from "./elementwise.js";
import { jsFused } from "./fused.js";
import { gemm } from "./gemm.js";
import { gather, indexAdd, indexSelect, scatterAdd } from "./indexing.js";
import { reduceMax } from "./reduce.js";
import { logSoftmax, logSoftmaxBackward, softmax, softmaxBackward } from "./softmax.js";

export { erf } from "./erf.js";
export { jsSimd } from "./simd/wasmGemm.js";

/** The portable kernel set: TypeScript over typed arrays, float32 and float64, everywhere. */
export const jsKernels: Kernels = {
  name: "js",
  fused: jsFused,
  gemm,
  unary,
  unaryBackward,
  powScalar,
  powScalarBackward,
  clamp,
  clampBackward,
  scalarOp,
  axpy,
  binary,
  where,
  extremumBackward,
  sumBroadcast,
  stridedCopy,
  reduceMax,
  softmax,
  softmaxBackward,
  logSoftmax,
  logSoftmaxBackward,
  indexSelect,
  indexAdd,
  gather,
  scatterAdd,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
};
