import { getKernels } from "../../backend/index.js";
import { defineOp } from "../op.js";
import { normalizeAxis } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { checkTensor, emptyTensor } from "./alloc.js";
import { splitAt } from "./reduce.js";

const softmaxOp = defineOp<number, { y: Tensor; axis: number }>({
  name: "softmax",
  inputNames: ["x"],
  forward: ([x], axis) => {
    const [outer, r, inner] = splitAt(x.shape, axis);
    const y = emptyTensor(x.dtype, x.shape);
    getKernels().softmax(outer, r, inner, x.data, y.data);
    return { outputs: [y], saved: { y, axis } };
  },
  backward: ([gy], { y, axis }) => {
    const [outer, r, inner] = splitAt(y.shape, axis);
    const gx = emptyTensor(y.dtype, y.shape);
    getKernels().softmaxBackward(outer, r, inner, y.data, gy.data, gx.data);
    return [gx];
  },
});

const logSoftmaxOp = defineOp<number, { y: Tensor; axis: number }>({
  name: "logSoftmax",
  inputNames: ["x"],
  forward: ([x], axis) => {
    const [outer, r, inner] = splitAt(x.shape, axis);
    const y = emptyTensor(x.dtype, x.shape);
    getKernels().logSoftmax(outer, r, inner, x.data, y.data);
    return { outputs: [y], saved: { y, axis } };
  },
  backward: ([gy], { y, axis }) => {
    const [outer, r, inner] = splitAt(y.shape, axis);
    const gx = emptyTensor(y.dtype, y.shape);
    getKernels().logSoftmaxBackward(outer, r, inner, y.data, gy.data, gx.data);
    return [gx];
  },
});

/** `exp(x) / sum(exp(x))` along `axis` (default the last), computed stably. */
export function softmax(x: Tensor, axis = -1): Tensor {
  checkTensor("softmax", "x", x);
  return softmaxOp([x], normalizeAxis("softmax", "axis", axis, x.ndim))[0];
}

/** `x - log(sum(exp(x)))` along `axis` (default the last), computed stably. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  checkTensor("logSoftmax", "x", x);
  return logSoftmaxOp([x], normalizeAxis("logSoftmax", "axis", axis, x.ndim))[0];
}
