/**
 * numpy's legacy `numpy.random.RandomState`, bit for bit: MT19937 with `init_genrand(seed)`,
 * masked-rejection bounded integers, and permutation-based sampling without replacement.
 * NCP/AutoNCP wirings and the MinAtar games draw from it.
 */
import { maskedBounded } from "./bounded.js";
import { MT19937, type MT19937State } from "./mt19937.js";
import {
  checkChoice,
  type MutableArrayLike,
  pick,
  populationSize,
  shuffleInPlace,
} from "./sampling.js";
import {
  describe,
  halfOpenRange,
  requireIntegerIn,
  requireNonNegativeInteger,
} from "./validate.js";

/** JSON-serialisable state of a {@link RandomState}. */
export type RandomStateState = MT19937State;

/** numpy's legacy `RandomState(seed)` generator. */
export class RandomState {
  private readonly mt: MT19937;

  /** `seed` must be an integer in `[0, 2^32-1]`, as numpy's `RandomState(int)` requires. */
  constructor(seed: number) {
    this.mt = new MT19937(seed);
  }

  /** The next raw 32-bit MT19937 output. */
  nextUint32(): number {
    return this.mt.nextUint32();
  }

  /** `rand()`: a 53-bit double in `[0, 1)`; `rand(n)` returns `n` of them. */
  rand(): number;
  rand(n: number): Float64Array;
  rand(n?: number): number | Float64Array {
    if (n === undefined) return this.mt.nextDouble();
    const out = new Float64Array(requireNonNegativeInteger("rand: n", n));
    for (let i = 0; i < out.length; i++) out[i] = this.mt.nextDouble();
    return out;
  }

  /**
   * `randint(high)` in `[0, high)` or `randint(low, high)` in `[low, high)`, by numpy's
   * legacy masked rejection. The range `high - low` must be at most 2^32.
   */
  randint(low: number, high?: number): number {
    const { lo, span } = halfOpenRange("randint", low, high);
    return lo + maskedBounded(this.mt, span - 1);
  }

  /** Uniform integer in `[0, max]` (inclusive) by masked rejection; `bounded(0)` draws nothing. */
  bounded(max: number): number {
    return maskedBounded(this.mt, requireIntegerIn("bounded: max", max, 0, 0xffffffff));
  }

  /**
   * numpy `choice(a, size, replace)` without weights. `a` is a population size `n` (samples
   * from `0..n-1`) or an array. With `size` omitted it returns one element. With replacement
   * each draw is `randint(0, n)`; without replacement numpy draws a FULL `permutation(n)` and
   * keeps its first `size` entries.
   */
  choice(a: number, size?: undefined, replace?: boolean): number;
  choice(a: number, size: number, replace?: boolean): number[];
  choice<T>(a: readonly T[], size?: undefined, replace?: boolean): T;
  choice<T>(a: readonly T[], size: number, replace?: boolean): T[];
  choice<T>(a: number | readonly T[], size?: number, replace = true): T | number | (T | number)[] {
    const pop = populationSize("choice", a);
    const n = checkChoice("choice", pop, size, replace);
    let idx: number[];
    if (replace) {
      idx = new Array<number>(n);
      for (let i = 0; i < n; i++) idx[i] = maskedBounded(this.mt, pop - 1);
    } else {
      idx = this.permutationOf(pop).slice(0, n);
    }
    if (size === undefined) return pick(a, idx[0]);
    return idx.map((i) => pick(a, i));
  }

  /** `permutation(n)`: a shuffled `0..n-1`; `permutation(array)`: a shuffled copy. */
  permutation(n: number): number[];
  permutation<T>(a: readonly T[]): T[];
  permutation<T>(a: number | readonly T[]): (number | T)[] {
    if (typeof a === "number")
      return this.permutationOf(requireNonNegativeInteger("permutation: n", a));
    if (!Array.isArray(a)) {
      throw new TypeError(`permutation: a: expected an integer or an array, got ${describe(a)}`);
    }
    const copy = a.slice();
    this.shuffle(copy);
    return copy;
  }

  /** Shuffles in place with numpy's legacy algorithm: for i = n-1..1, swap a[i] with a[bounded(i)]. */
  shuffle<T>(a: MutableArrayLike<T>): void {
    shuffleInPlace(this.mt, a);
  }

  /** A JSON-serialisable copy of the generator state. */
  getState(): RandomStateState {
    return this.mt.getState();
  }

  /** Restores a state from {@link getState}; the following draws repeat exactly. */
  setState(state: RandomStateState): void {
    this.mt.setState(state);
  }

  private permutationOf(n: number): number[] {
    const a = new Array<number>(n);
    for (let i = 0; i < n; i++) a[i] = i;
    this.shuffle(a);
    return a;
  }
}
