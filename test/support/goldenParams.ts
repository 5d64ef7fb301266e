/**
 * Helpers that pull parameters, inputs and expected values out of a golden model case as typed
 * arrays, so kernel tests can feed them straight into `Float32Array | Float64Array` kernels.
 *
 * Every function takes the dtype to produce: `"float64"` keeps the stored doubles exactly;
 * `"float32"` rounds them (the golden parameters are exactly representable in float32, inputs
 * and states are not). Missing names throw an Error listing what the case does hold.
 */
import { join } from "node:path";
import {
  type GoldenCase,
  type GoldenModelCase,
  type GoldenTensor,
  listGoldenFiles,
  loadGoldenCase,
} from "../../src/cli/golden/schema.js";
import { GOLDEN } from "./paths.js";

/** The two buffer types the kernels accept. */
export type FloatDType = "float32" | "float64";
/** A kernel buffer. */
export type FloatArray = Float32Array | Float64Array;

/** A typed copy of a golden tensor together with its shape. */
export interface TypedTensor<A extends FloatArray = FloatArray> {
  shape: number[];
  data: A;
}

/** Copies plain numbers into a fresh buffer of the given dtype. */
export function toTyped(values: ArrayLike<number>, dtype: FloatDType): FloatArray {
  return dtype === "float64" ? Float64Array.from(values) : Float32Array.from(values);
}

/** A golden tensor as a typed tensor of the given dtype. */
export function tensorOf(t: GoldenTensor, dtype: FloatDType): TypedTensor {
  return { shape: [...t.shape], data: toTyped(t.values, dtype) };
}

/** True when the case holds a state_dict entry with exactly this name. */
export function hasParam(c: GoldenModelCase, name: string): boolean {
  return c.parameters.some((p) => p.name === name);
}

/** The state_dict entry `name` (e.g. `"rnn_cell.ff1.weight"`) as a typed tensor. */
export function paramOf(c: GoldenModelCase, name: string, dtype: FloatDType): TypedTensor {
  const p = c.parameters.find((q) => q.name === name);
  if (p === undefined) {
    const names = c.parameters.map((q) => q.name).join(", ");
    throw new Error(`golden case ${c.case_id}: no parameter "${name}" (has: ${names})`);
  }
  return { shape: [...p.shape], data: toTyped(p.values, dtype) };
}

/** The expected gradient of parameter `name`; throws if it is absent or null (masks). */
export function paramGradOf(c: GoldenModelCase, name: string, dtype: FloatDType): TypedTensor {
  const g = c.grads.params[name];
  if (g === undefined || g === null) {
    throw new Error(`golden case ${c.case_id}: no gradient for parameter "${name}"`);
  }
  return tensorOf(g, dtype);
}

/**
 * Names of the parameters under `prefix` (state_dict order), e.g. every
 * `rnn_cell.backbone.{i}.weight` via `paramNames(c, "rnn_cell.backbone.")`.
 */
export function paramNames(c: GoldenModelCase, prefix = ""): string[] {
  return c.parameters.filter((p) => p.name.startsWith(prefix)).map((p) => p.name);
}

/** Loads one golden model case by file name (e.g. `"cfc_fc_default.json"`). */
export function loadModelCase(file: string): GoldenModelCase {
  return asModelCase(loadGoldenCase(join(GOLDEN, file)), file);
}

/** Every golden model case whose file name starts with `prefix` (e.g. `"cfc_"`), by name. */
export function modelCaseFiles(prefix: string): string[] {
  return listGoldenFiles(GOLDEN).filter((f) => {
    const base = f.slice(f.lastIndexOf("/") + 1);
    return base.startsWith(prefix);
  });
}

/** Narrows a loaded case to a model case, naming the file otherwise. */
export function asModelCase(c: GoldenCase, what: string): GoldenModelCase {
  if (c.kind !== "model")
    throw new Error(`golden file ${what}: expected a model case, got ${c.kind}`);
  return c;
}

/**
 * Converts a time-first `[T, B, ...rest]` buffer (or shape) to batch-first `[B, T, ...rest]`.
 * Used to adapt `batch_first: false` cases to batch-first kernels; the inverse for gradients
 * is the same call with the first two dims swapped.
 */
export function swapFirstTwoAxes(t: TypedTensor): TypedTensor {
  const [d0, d1, ...rest] = t.shape;
  if (d0 === undefined || d1 === undefined) {
    throw new Error(`swapFirstTwoAxes: expected at least 2 dims, got shape [${t.shape.join(",")}]`);
  }
  const inner = rest.reduce((a, b) => a * b, 1);
  const out =
    t.data instanceof Float64Array
      ? new Float64Array(t.data.length)
      : new Float32Array(t.data.length);
  for (let i = 0; i < d0; i++) {
    for (let j = 0; j < d1; j++) {
      const src = (i * d1 + j) * inner;
      const dst = (j * d0 + i) * inner;
      for (let k = 0; k < inner; k++) out[dst + k] = t.data[src + k];
    }
  }
  return { shape: [d1, d0, ...rest], data: out };
}
