/** Options every layer constructor accepts: element type and where initial weights come from. */
import type { DType } from "../tensor/dtype.js";
import type { RandomSource } from "./init.js";

/**
 * Options every layer constructor accepts: element type and where the initial weights come from.
 */
export interface LayerOptions {
  /** Element type of the parameters (default "float32", as in torch). */
  dtype?: DType;
  /** Generator for the initial weights (numpy `Generator` or `RandomState`); overrides `seed`. */
  rng?: RandomSource;
  /** Seed for a fresh generator for the initial weights; without `rng` or `seed` the draw is unseeded. */
  seed?: number;
}

const DTYPES = ["float32", "float64"];

/** Checks an options object: unknown keys and bad values are errors naming the layer and key. */
export function checkOptions<T extends object>(
  layer: string,
  options: T | undefined,
  allowed: readonly string[],
): T {
  const o = (options ?? {}) as T & LayerOptions;
  if (typeof o !== "object" || o === null) {
    throw new TypeError(`${layer}: options must be an object, got ${String(options)}`);
  }
  const known = new Set([...allowed, "dtype", "rng", "seed"]);
  for (const key of Object.keys(o)) {
    if (!known.has(key)) {
      throw new Error(
        `${layer}: unknown option '${key}'; expected one of ${[...known].sort().join(", ")}`,
      );
    }
  }
  if (o.dtype !== undefined && !DTYPES.includes(o.dtype)) {
    throw new TypeError(
      `${layer}: dtype must be "float32" or "float64", got ${JSON.stringify(o.dtype)}`,
    );
  }
  if (o.seed !== undefined && !(Number.isInteger(o.seed) && o.seed >= 0)) {
    throw new RangeError(`${layer}: seed must be a non-negative integer, got ${String(o.seed)}`);
  }
  return o;
}

/** Throws unless `value` is an integer >= `min`. */
export function checkInt(layer: string, name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${layer}: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}
