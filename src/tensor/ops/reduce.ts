import { getKernels } from "../../backend/index.js";
import { defineOp } from "../op.js";
import { formatShape, normalizeAxes, normalizeAxis, sizeOf } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { checkTensor, emptyTensor } from "./alloc.js";
import { div } from "./arithmetic.js";
import { sumToShape } from "./broadcast.js";
import { reshape } from "./view.js";

/** Axes to reduce: one axis, several, or all when omitted. */
export type Axes = number | readonly number[];

/** The reduced shape with kept axes of size 1, and the final shape. */
function reducedShapes(
  x: Tensor,
  axes: readonly number[],
  keepdim: boolean,
): { kept: number[]; out: number[] } {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = keepdim ? kept : x.shape.filter((_, i) => !axes.includes(i));
  return { kept, out };
}

/** Sum over `axes` (all when omitted); `keepdim` keeps them with size 1. */
export function sum(x: Tensor, axes?: Axes, keepdim = false): Tensor {
  checkTensor("sum", "x", x);
  const list = normalizeAxes("sum", "axes", axes, x.ndim);
  const { kept, out } = reducedShapes(x, list, keepdim);
  return reshape(sumToShape(x, kept), out);
}

/** Mean over `axes` (all when omitted): the sum divided by the count, as torch does. */
export function mean(x: Tensor, axes?: Axes, keepdim = false): Tensor {
  checkTensor("mean", "x", x);
  const list = normalizeAxes("mean", "axes", axes, x.ndim);
  const count = sizeOf(list.map((a) => x.shape[a]));
  return div(sum(x, list, keepdim), count);
}

interface MaxSaved {
  readonly xShape: readonly number[];
  readonly argmax: Int32Array;
  readonly dims: readonly [number, number, number];
}

const maxOp = defineOp<number, MaxSaved>({
  name: "max",
  inputNames: ["x"],
  forward: ([x], axis) => {
    const [outer, r, inner] = splitAt(x.shape, axis);
    const y = emptyTensor(
      x.dtype,
      x.shape.filter((_, i) => i !== axis),
    );
    const argmax = new Int32Array(outer * inner);
    getKernels().reduceMax(outer, r, inner, x.data, y.data, argmax);
    return { outputs: [y], saved: { xShape: x.shape, argmax, dims: [outer, r, inner] } };
  },
  backward: ([gy], { xShape, argmax, dims: [outer, r, inner] }) => {
    const gx = emptyTensor(gy.dtype, xShape);
    getKernels().scatterAdd(outer, r, 1, inner, gy.data, argmax, gx.data);
    return [gx];
  },
});

/** Maximum over one axis; the gradient goes to the first maximal element (like torch). */
export function max(x: Tensor, axis: number, keepdim = false): Tensor {
  checkTensor("max", "x", x);
  const at = checkReducible("max", x, axis);
  const y = maxOp([x], at)[0];
  return keepdim
    ? reshape(
        y,
        x.shape.map((d, i) => (i === at ? 1 : d)),
      )
    : y;
}

/**
 * Index of the first maximum along `axis` (not differentiable), laid out row-major in the
 * shape of `x` without that axis.
 */
export function argmax(x: Tensor, axis: number): Int32Array {
  checkTensor("argmax", "x", x);
  const at = checkReducible("argmax", x, axis);
  const [outer, r, inner] = splitAt(x.shape, at);
  const values = emptyTensor(x.dtype, [outer * inner]);
  const index = new Int32Array(outer * inner);
  getKernels().reduceMax(outer, r, inner, x.data, values.data, index);
  return index;
}

function checkReducible(op: string, x: Tensor, axis: number): number {
  const at = normalizeAxis(op, "axis", axis, x.ndim);
  if (x.shape[at] === 0) {
    throw new RangeError(
      `${op}: axis ${axis} of x (shape ${formatShape(x.shape)}) is empty; there is no maximum`,
    );
  }
  return at;
}

/** `[outer, shape[axis], inner]`: the sizes before, at and after `axis`. */
export function splitAt(shape: readonly number[], axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}
