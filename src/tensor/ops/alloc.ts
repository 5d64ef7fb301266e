import { allocate, type DType } from "../dtype.js";
import { sizeOf } from "../shape.js";
import { Tensor } from "../tensor.js";

/** A zero-filled tensor for an op to write its result into. */
export function emptyTensor(dtype: DType, shape: readonly number[]): Tensor {
  return new Tensor(allocate(dtype, sizeOf(shape)), shape);
}

/** Throws a TypeError naming the op and argument unless `value` is a Tensor. */
export function checkTensor(op: string, arg: string, value: unknown): Tensor {
  if (value instanceof Tensor) return value;
  const got = value === null ? "null" : typeof value;
  throw new TypeError(`${op}: ${arg} must be a Tensor, got ${got}`);
}

/** Throws unless `value` is a non-empty array of tensors; returns it. */
export function checkTensorList(op: string, arg: string, value: unknown): readonly Tensor[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RangeError(`${op}: ${arg} must be a non-empty array of tensors`);
  }
  value.forEach((t, i) => {
    checkTensor(op, `${arg}[${i}]`, t);
  });
  return value;
}
