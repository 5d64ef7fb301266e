/** Shared argument handling for `choice`/`permutation`/`shuffle` in both generator families. */
import { maskedBounded, type Uint32Source } from "./bounded.js";
import { describe, requireNonNegativeInteger } from "./validate.js";

/** A mutable indexed collection that `shuffle` can permute in place (arrays, typed arrays). */
export interface MutableArrayLike<T> {
  /** Number of elements. */
  readonly length: number;
  [index: number]: T;
}

/** The population size of `choice(a)`: `a` itself when it is a number, else its length. */
export function populationSize(method: string, a: unknown): number {
  if (typeof a === "number") return requireNonNegativeInteger(`${method}: a`, a);
  if (Array.isArray(a) || ArrayBuffer.isView(a)) return (a as ArrayLike<unknown>).length;
  throw new TypeError(
    `${method}: a: expected a non-negative integer or an array, got ${describe(a)}`,
  );
}

/** Checks a `choice` request against numpy's rules and returns the number of samples. */
export function checkChoice(
  method: string,
  pop: number,
  size: number | undefined,
  replace: boolean,
): number {
  const n = size === undefined ? 1 : requireNonNegativeInteger(`${method}: size`, size);
  if (typeof replace !== "boolean") {
    throw new TypeError(`${method}: replace: expected a boolean, got ${describe(replace)}`);
  }
  if (pop === 0 && n > 0) {
    throw new RangeError(
      `${method}: a: expected a non-empty population unless no samples are taken, got size 0`,
    );
  }
  if (pop > 0x100000000) {
    throw new RangeError(
      `${method}: a: expected a population of at most 2^32 elements, got ${pop}`,
    );
  }
  if (!replace && n > pop) {
    throw new RangeError(
      `${method}: size: expected at most the population size ${pop} when replace is false, got ${n}`,
    );
  }
  return n;
}

/** Maps sampled indices back to the population (identity when it is a number). */
export function pick<T>(a: number | readonly T[] | ArrayLike<T>, index: number): T | number {
  return typeof a === "number" ? index : (a as ArrayLike<T>)[index];
}

/**
 * Fisher-Yates in place as numpy shuffles (legacy `RandomState` and `Generator` alike): for
 * i = n-1..1, swap a[i] with a[j], j drawn by masked rejection in [0, i].
 */
export function shuffleInPlace<T>(src: Uint32Source, a: MutableArrayLike<T>): void {
  if (typeof a !== "object" || a === null || typeof a.length !== "number") {
    throw new TypeError(`shuffle: a: expected an array or typed array, got ${describe(a)}`);
  }
  for (let i = a.length - 1; i > 0; i--) {
    const j = maskedBounded(src, i);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
