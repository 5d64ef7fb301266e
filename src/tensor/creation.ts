import type { FloatArray } from "../backend/index.js";
import { allocate, checkDType, DEFAULT_DTYPE, type DType, dtypeOfArray } from "./dtype.js";
import { checkShape, formatShape, sizeOf } from "./shape.js";
import { type NestedNumbers, Tensor } from "./tensor.js";

/** Options of the creation functions. */
export interface CreateOptions {
  /** Element type (default float32; for a typed array, its own type). */
  dtype?: DType;
  /** Whether gradients should be computed for the new tensor (default false). */
  requiresGrad?: boolean;
}

/** Options of `tensor()`. */
export interface TensorCreateOptions extends CreateOptions {
  /** Shape to give the values (default: inferred from nesting, or `[length]`). */
  shape?: readonly number[];
}

/** Values accepted by `tensor()`. */
export type TensorValues = NestedNumbers | readonly NestedNumbers[] | FloatArray;

/**
 * A new tensor holding a copy of `values`: a number (a scalar), nested arrays (shape
 * inferred; must be rectangular), or a typed array (shape `[length]` unless given).
 */
export function tensor(values: TensorValues, options: TensorCreateOptions = {}): Tensor {
  let flat: ArrayLike<number>;
  let shape: number[];
  let dtype = options.dtype === undefined ? DEFAULT_DTYPE : checkDType("tensor", options.dtype);
  if (values instanceof Float32Array || values instanceof Float64Array) {
    if (options.dtype === undefined) dtype = dtypeOfArray(values);
    flat = values;
    shape = [values.length];
  } else {
    const collected: number[] = [];
    shape = inferShape(values, collected);
    flat = collected;
  }
  if (options.shape !== undefined) {
    const given = checkShape("tensor", options.shape);
    if (sizeOf(given) !== flat.length) {
      throw new RangeError(
        `tensor: shape ${formatShape(given)} needs ${sizeOf(given)} values, got ${flat.length}`,
      );
    }
    shape = given.slice();
  }
  const data = allocate(dtype, flat.length);
  data.set(flat);
  return new Tensor(data, shape, { requiresGrad: options.requiresGrad ?? false });
}

/** Shape of nested arrays, collecting the numbers row-major; throws on ragged input. */
function inferShape(values: unknown, out: number[]): number[] {
  if (typeof values === "number") {
    out.push(values);
    return [];
  }
  if (!Array.isArray(values)) {
    throw new TypeError(
      `tensor: values must be a number, nested arrays of numbers or a Float32Array/Float64Array, got ${typeof values}`,
    );
  }
  const shape: number[] = [values.length];
  let inner: number[] | null = null;
  for (let i = 0; i < values.length; i++) {
    const s = inferShape(values[i], out);
    if (inner === null) inner = s;
    else if (formatShape(s) !== formatShape(inner)) {
      throw new RangeError(
        `tensor: values are ragged: entry ${i} has shape ${formatShape(s)} but entry 0 has ${formatShape(inner)}`,
      );
    }
  }
  return shape.concat(inner ?? []);
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: readonly number[], value: number, options: CreateOptions = {}): Tensor {
  const s = checkShape("full", shape);
  const dtype = options.dtype === undefined ? DEFAULT_DTYPE : checkDType("full", options.dtype);
  const data = allocate(dtype, sizeOf(s));
  if (value !== 0) data.fill(value);
  return new Tensor(data, s, { requiresGrad: options.requiresGrad ?? false });
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[], options: CreateOptions = {}): Tensor {
  return full(shape, 0, options);
}

/** A tensor of ones. */
export function ones(shape: readonly number[], options: CreateOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** Zeros with the shape (and, unless given, the dtype) of `like`. */
export function zerosLike(like: Tensor, options: CreateOptions = {}): Tensor {
  return full(like.shape, 0, { dtype: like.dtype, ...options });
}

/** Ones with the shape (and, unless given, the dtype) of `like`. */
export function onesLike(like: Tensor, options: CreateOptions = {}): Tensor {
  return full(like.shape, 1, { dtype: like.dtype, ...options });
}

/** `[0, 1, ..., stop - 1]`. */
export function arange(stop: number, options?: CreateOptions): Tensor;
/** `start, start + step, ...` up to but excluding `stop`. */
export function arange(start: number, stop: number, step?: number, options?: CreateOptions): Tensor;
export function arange(
  a: number,
  b?: number | CreateOptions,
  c?: number,
  d?: CreateOptions,
): Tensor {
  const [start, stop, step, options] =
    typeof b === "number" ? [a, b, c ?? 1, d ?? {}] : [0, a, 1, b ?? {}];
  for (const [arg, v] of [
    ["start", start],
    ["stop", stop],
    ["step", step],
  ] as const) {
    if (!Number.isFinite(v)) throw new RangeError(`arange: ${arg} must be finite, got ${v}`);
  }
  if (step === 0) throw new RangeError("arange: step must not be 0, got 0");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const t = full([n], 0, options);
  for (let i = 0; i < n; i++) t.data[i] = start + i * step;
  return t;
}
