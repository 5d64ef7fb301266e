import { getKernels } from "../../backend/index.js";
import { defineOp } from "../op.js";
import { broadcastStrides, checkShape, formatShape, sameShape, stridesOf } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { checkTensor, emptyTensor } from "./alloc.js";

const broadcastToOp = defineOp<readonly number[], readonly number[]>({
  name: "broadcastTo",
  inputNames: ["x"],
  forward: ([x], shape) => {
    const y = emptyTensor(x.dtype, shape);
    const xStrides = broadcastStrides(x.shape, shape);
    getKernels().stridedCopy(shape, x.data, 0, xStrides, y.data, 0, stridesOf(shape));
    return { outputs: [y], saved: x.shape };
  },
  backward: ([gy], shape) => [sumToShape(gy, shape)],
});

/** `x` repeated along broadcast axes to `shape` (numpy broadcasting rules; a copy). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor("broadcastTo", "x", x);
  const target = checkShape("broadcastTo", shape);
  if (!broadcastsTo(x.shape, target)) {
    throw new RangeError(
      `broadcastTo: x of shape ${formatShape(x.shape)} does not broadcast to shape ${formatShape(target)}`,
    );
  }
  if (sameShape(x.shape, target)) return x;
  return broadcastToOp([x], target)[0];
}

const sumToShapeOp = defineOp<readonly number[], readonly number[]>({
  name: "sumToShape",
  inputNames: ["x"],
  forward: ([x], shape) => {
    const y = emptyTensor(x.dtype, shape);
    getKernels().sumBroadcast(x.shape, x.data, y.data, broadcastStrides(shape, x.shape));
    return { outputs: [y], saved: x.shape };
  },
  backward: ([gy], shape) => [broadcastTo(gy, shape)],
});

/**
 * Sums `x` down to `shape`, a shape that broadcasts to `x.shape`: the reverse of
 * `broadcastTo`, and how a broadcast operand's gradient is formed.
 */
export function sumToShape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor("sumToShape", "x", x);
  const target = checkShape("sumToShape", shape);
  if (!broadcastsTo(target, x.shape)) {
    throw new RangeError(
      `sumToShape: shape ${formatShape(target)} does not broadcast to x of shape ${formatShape(x.shape)}`,
    );
  }
  if (sameShape(x.shape, target)) return x;
  return sumToShapeOp([x], target)[0];
}

/** Whether `from` broadcasts to exactly `to` (numpy rules). */
function broadcastsTo(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  const lead = to.length - from.length;
  return from.every((d, i) => d === 1 || d === to[lead + i]);
}
