/** Argument checks for wiring constructors; messages name the argument, the range and the value. */
import { describe, requireInteger } from "../random/validate.js";

export { describe };

/** An integer `>= min` (TypeError when not an integer, RangeError when too small). */
export function requireIntAtLeast(name: string, value: unknown, min: number): number {
  const v = requireInteger(name, value);
  if (v < min) throw new RangeError(`${name}: expected an integer >= ${min}, got ${v}`);
  return v;
}

/** An integer in `[min, max]`. */
export function requireIntBetween(name: string, value: unknown, min: number, max: number): number {
  const v = requireInteger(name, value);
  if (v < min || v > max) {
    throw new RangeError(`${name}: expected an integer in [${min}, ${max}], got ${v}`);
  }
  return v;
}

/** A finite number in `[min, max]`, or `[min, max)` when `maxExclusive`. */
export function requireNumberIn(
  name: string,
  value: unknown,
  min: number,
  max: number,
  maxExclusive = false,
): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`${name}: expected a finite number, got ${describe(value)}`);
  }
  if (value < min || (maxExclusive ? value >= max : value > max)) {
    const range = `[${min}, ${max}${maxExclusive ? ")" : "]"}`;
    throw new RangeError(`${name}: expected a number in ${range}, got ${value}`);
  }
  return value;
}

/** A boolean. */
export function requireBoolean(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new TypeError(`${name}: expected a boolean, got ${describe(value)}`);
  }
  return value;
}

/** A seed for numpy's `default_rng`: a non-negative safe integer. */
export function requireGeneratorSeed(name: string, value: unknown): number {
  return requireIntAtLeast(name, value, 0);
}

/** A seed for numpy's legacy `RandomState`: an integer in `[0, 2^32-1]`. */
export function requireLegacySeed(name: string, value: unknown): number {
  return requireIntBetween(name, value, 0, 0xffffffff);
}
