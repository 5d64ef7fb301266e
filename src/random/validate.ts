/** Argument checks shared by the generators; each error names the argument, the expectation and the value. */

/** Largest 32-bit unsigned integer. */
export const UINT32_MAX = 0xffffffff;

function show(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `array of length ${value.length}`;
  return String(value);
}

/** Throws a TypeError unless `value` is an integer (a safe JS integer). */
export function requireInteger(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new TypeError(`${name}: expected an integer, got ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` is an integer in `[min, max]` (RangeError when out of range). */
export function requireIntegerIn(name: string, value: unknown, min: number, max: number): number {
  const v = requireInteger(name, value);
  if (v < min || v > max) {
    throw new RangeError(`${name}: expected an integer in [${min}, ${max}], got ${v}`);
  }
  return v;
}

/** Throws unless `value` is an integer >= 0. */
export function requireNonNegativeInteger(name: string, value: unknown): number {
  const v = requireInteger(name, value);
  if (v < 0) throw new RangeError(`${name}: expected an integer >= 0, got ${v}`);
  return v;
}

/** A 32-bit seed as numpy's legacy `RandomState(seed)` accepts it. */
export function requireSeed32(name: string, value: unknown): number {
  return requireIntegerIn(name, value, 0, UINT32_MAX);
}

/** Describes a value for an error message. */
export function describe(value: unknown): string {
  return show(value);
}

/**
 * numpy's half-open integer range: `method(high)` is `[0, high)`, `method(low, high)` is
 * `[low, high)`. Returns `low` and the span, which must be in `[1, 2^32]`.
 */
export function halfOpenRange(
  method: string,
  low: number,
  high?: number,
): { lo: number; span: number } {
  let lo = requireInteger(`${method}: low`, low);
  let hi: number;
  if (high === undefined) {
    hi = lo;
    lo = 0;
  } else {
    hi = requireInteger(`${method}: high`, high);
  }
  if (lo >= hi) {
    throw new RangeError(`${method}: expected low < high, got low ${lo} and high ${hi}`);
  }
  const span = hi - lo;
  if (span > 0x100000000) {
    throw new RangeError(`${method}: expected high - low <= 2^32, got ${span}`);
  }
  return { lo, span };
}
