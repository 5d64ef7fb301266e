import { checkDType, type DType } from "../dtype.js";
import { defineOp } from "../op.js";
import type { Tensor } from "../tensor.js";
import { checkTensor, emptyTensor } from "./alloc.js";

const cloneOp = defineOp<void, null>({
  name: "clone",
  inputNames: ["x"],
  forward: ([x]) => {
    const y = emptyTensor(x.dtype, x.shape);
    y.data.set(x.data);
    return { outputs: [y], saved: null };
  },
  backward: ([gy]) => [gy],
});

/** A copy of `x` with its own data; gradients pass straight through. */
export function clone(x: Tensor): Tensor {
  return cloneOp([checkTensor("clone", "x", x)])[0];
}

const astypeOp = defineOp<DType, DType>({
  name: "astype",
  inputNames: ["x"],
  forward: ([x], dtype) => {
    const y = emptyTensor(dtype, x.shape);
    y.data.set(x.data); // typed-array assignment converts (rounding to nearest for float32)
    return { outputs: [y], saved: x.dtype };
  },
  backward: ([gy], dtype) => {
    const g = emptyTensor(dtype, gy.shape);
    g.data.set(gy.data);
    return [g];
  },
});

/** `x` converted to `dtype`; `x` itself when it already has that dtype. */
export function astype(x: Tensor, dtype: DType): Tensor {
  checkTensor("astype", "x", x);
  checkDType("astype", dtype);
  if (x.dtype === dtype) return x;
  return astypeOp([x], dtype)[0];
}
