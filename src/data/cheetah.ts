/**
 * The Half-Cheetah next-state task of the LTC paper (spec/papers.md A.6.3): kinematic traces
 * cut into windows, each paired with the same window shifted one step ahead.
 */
import { tensor } from "../tensor/creation.js";
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";
import type { NpyArray } from "./npy.js";

/** One trace: `rows` time steps of `features` values, row-major float64. */
export interface Trace {
  readonly rows: number;
  readonly features: number;
  readonly data: Float64Array;
}

/** The paper's split of the traces sorted by file name. */
export interface CheetahSplit<T> {
  /** Traces 0-4. */
  readonly valid: T[];
  /** Traces 5-14. */
  readonly test: T[];
  /** Traces 15-24 (25 and later are unused). */
  readonly train: T[];
}

/** Windows of a set of traces, flattened `[count, window, features]`. */
export interface WindowSet {
  readonly count: number;
  readonly window: number;
  readonly features: number;
  /** Steps s..s+window-1 of each window. */
  readonly inputs: Float64Array;
  /** Steps s+1..s+window: the next state of every input step. */
  readonly targets: Float64Array;
}

/** A 2-D float64 `.npy` array as a trace; `name` appears in errors. */
export function traceFromNpy(array: NpyArray, name: string): Trace {
  if (array.dtype !== "float64" || array.shape.length !== 2) {
    throw new Error(
      `traceFromNpy: ${name} must be a 2-D float64 array, got ${array.dtype} of shape [${array.shape.join(", ")}]`,
    );
  }
  return { rows: array.shape[0], features: array.shape[1], data: array.data as Float64Array };
}

/** Splits traces (sorted by file name) as the paper: valid 0-4, test 5-14, train 15-24. */
export function splitCheetah<T>(traces: readonly T[]): CheetahSplit<T> {
  if (traces.length < 25) {
    throw new RangeError(
      `splitCheetah: the paper's split needs at least 25 traces, got ${traces.length}`,
    );
  }
  return { valid: traces.slice(0, 5), test: traces.slice(5, 15), train: traces.slice(15, 25) };
}

/**
 * Cuts every trace into windows of `window` steps starting every `stride` steps, as long as
 * the shifted target still fits (start + window < rows): 97 windows of 32 per 1000-step trace
 * with stride 10.
 */
export function nextStateWindows(
  traces: readonly Trace[],
  options: { window?: number; stride?: number } = {},
): WindowSet {
  const window = options.window ?? 32;
  const stride = options.stride ?? 10;
  for (const [name, v] of [
    ["window", window],
    ["stride", stride],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`nextStateWindows: ${name} must be an integer >= 1, got ${v}`);
    }
  }
  if (traces.length === 0) throw new RangeError("nextStateWindows: traces must not be empty");
  const features = traces[0].features;
  const starts: [Trace, number][] = [];
  traces.forEach((t, k) => {
    if (t.features !== features || t.data.length !== t.rows * t.features) {
      throw new RangeError(
        `nextStateWindows: trace ${k} has ${t.features} features and ${t.data.length} values for ${t.rows} rows; expected ${features} features and rows × features values`,
      );
    }
    for (let s = 0; s + window < t.rows; s += stride) starts.push([t, s]);
  });
  const size = window * features;
  const inputs = new Float64Array(starts.length * size);
  const targets = new Float64Array(starts.length * size);
  starts.forEach(([t, s], i) => {
    inputs.set(t.data.subarray(s * features, (s + window) * features), i * size);
    targets.set(t.data.subarray((s + 1) * features, (s + 1 + window) * features), i * size);
  });
  return { count: starts.length, window, features, inputs, targets };
}

/** The windows `indices` as tensors `x`, `y` of shape `[B, window, features]`. */
export function windowBatch(
  set: WindowSet,
  indices: ArrayLike<number>,
  dtype: DType = "float32",
): { x: Tensor; y: Tensor } {
  const b = indices.length;
  if (b === 0) throw new RangeError("windowBatch: indices must not be empty");
  const size = set.window * set.features;
  const x = new Float64Array(b * size);
  const y = new Float64Array(b * size);
  for (let i = 0; i < b; i++) {
    const w = indices[i];
    if (!Number.isInteger(w) || w < 0 || w >= set.count) {
      throw new RangeError(
        `windowBatch: indices must be integers in [0, ${set.count}), got ${w} at position ${i}`,
      );
    }
    x.set(set.inputs.subarray(w * size, (w + 1) * size), i * size);
    y.set(set.targets.subarray(w * size, (w + 1) * size), i * size);
  }
  const shape = [b, set.window, set.features];
  return { x: tensor(x, { shape, dtype }), y: tensor(y, { shape, dtype }) };
}
