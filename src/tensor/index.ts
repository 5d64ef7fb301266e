/** Tensors, define-by-run autodiff, and the differentiable ops. */
export {
  arange,
  type CreateOptions,
  full,
  ones,
  onesLike,
  type TensorCreateOptions,
  type TensorValues,
  tensor,
  zeros,
  zerosLike,
} from "./creation.js";
export { allocate, DEFAULT_DTYPE, type DType, dtypeOfArray } from "./dtype.js";
export { grad } from "./engine.js";
export { isGradEnabled, noGrad, withGradMode } from "./gradMode.js";
export {
  defineOp,
  GraphNode,
  type Op,
  type OpDefinition,
  type OpForwardResult,
} from "./op.js";
export {
  add,
  div,
  maximum,
  minimum,
  mul,
  neg,
  type Operand,
  sub,
  where,
} from "./ops/arithmetic.js";
export { concat, permute, slice, stack, transpose } from "./ops/arrange.js";
export { broadcastTo, sumToShape } from "./ops/broadcast.js";
export { type Conv2dOptions, conv2d } from "./ops/conv.js";
export { astype, clone } from "./ops/copy.js";
export { dropout, type UniformSource } from "./ops/dropout.js";
export { gather, type IndexArray, indexSelect } from "./ops/indexing.js";
export { linear, matmul } from "./ops/matmul.js";
export { type Axes, argmax, max, mean, sum } from "./ops/reduce.js";
export { logSoftmax, softmax } from "./ops/softmax.js";
export {
  abs,
  clamp,
  exp,
  gelu,
  lecunTanh,
  log,
  pow,
  relu,
  sigmoid,
  silu,
  softplus,
  sqrt,
  tanh,
} from "./ops/unary.js";
export { flatten, reshape, squeeze, unsqueeze } from "./ops/view.js";
export { Parameter } from "./parameter.js";
export {
  broadcastShapes,
  broadcastStrides,
  formatShape,
  sameShape,
  sizeOf,
  stridesOf,
} from "./shape.js";
export { type NestedNumbers, Tensor, type TensorOptions } from "./tensor.js";
