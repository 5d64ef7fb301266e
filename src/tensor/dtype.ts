import type { FloatArray } from "../backend/index.js";

/** Element type of a tensor. */
export type DType = "float32" | "float64";

/** The default element type, as in torch. */
export const DEFAULT_DTYPE: DType = "float32";

/** A zero-filled array of `n` elements of `dtype`. */
export function allocate(dtype: DType, n: number): FloatArray {
  return dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
}

/** The dtype stored by a typed array. */
export function dtypeOfArray(data: FloatArray): DType {
  return data instanceof Float64Array ? "float64" : "float32";
}

/** Throws unless `value` names a dtype. */
export function checkDType(what: string, value: unknown): DType {
  if (value === "float32" || value === "float64") return value;
  throw new TypeError(
    `${what}: dtype must be "float32" or "float64", got ${JSON.stringify(value)}`,
  );
}
