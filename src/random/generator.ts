/**
 * numpy's `numpy.random.Generator` on a {@link PCG64}, for the methods ncps and the RL code
 * use: `random`, `integers` (Lemire), `choice` (Floyd + hash set + shuffle without
 * replacement), `permutation` and `shuffle` (masked rejection, as numpy's `random_interval`).
 */
import { lemireBounded, maskFor } from "./bounded.js";
import { PCG64, type PCG64State } from "./pcg64.js";
import {
  checkChoice,
  type MutableArrayLike,
  pick,
  populationSize,
  shuffleInPlace,
} from "./sampling.js";
import type { SeedEntropy } from "./seedSequence.js";
import { describe, halfOpenRange, requireNonNegativeInteger } from "./validate.js";

/** JSON-serialisable state of a {@link Generator}. */
export type GeneratorState = PCG64State;

const TWO_32 = 0x100000000;

/** numpy's `Generator(PCG64(...))`. */
export class Generator {
  /** The underlying bit generator. */
  readonly bitGenerator: PCG64;

  constructor(bitGenerator: PCG64) {
    if (!(bitGenerator instanceof PCG64)) {
      throw new TypeError(`bitGenerator: expected a PCG64, got ${describe(bitGenerator)}`);
    }
    this.bitGenerator = bitGenerator;
  }

  /** `random()`: a double in `[0, 1)`; `random(n)` returns `n` of them. */
  random(): number;
  random(n: number): Float64Array;
  random(n?: number): number | Float64Array {
    if (n === undefined) return this.bitGenerator.nextDouble();
    const out = new Float64Array(requireNonNegativeInteger("random: n", n));
    for (let i = 0; i < out.length; i++) out[i] = this.bitGenerator.nextDouble();
    return out;
  }

  /**
   * `integers(high)` in `[0, high)` or `integers(low, high)` in `[low, high)` (numpy's default
   * `endpoint=False`), by Lemire's method on 32-bit draws. `high - low` must be at most 2^32.
   */
  integers(low: number, high?: number): number {
    const { lo, span } = halfOpenRange("integers", low, high);
    return lo + this.boundedLemire(span - 1);
  }

  /**
   * numpy `choice(a, size, replace)` without weights (`shuffle=True`). `a` is a population
   * size `n` or an array. With replacement each draw is `integers(0, n)`. Without replacement
   * numpy uses Floyd's algorithm with a linear-probing hash set and then shuffles the
   * sample, or, when `n > 10000` and `size > n // 50`, a partial Fisher-Yates on `0..n-1`.
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
      for (let i = 0; i < n; i++) idx[i] = this.boundedLemire(pop - 1);
    } else if (pop > 10000 && n > Math.floor(pop / 50)) {
      idx = this.tailShuffleSample(pop, n);
    } else {
      idx = this.floydSample(pop, n);
    }
    if (size === undefined) return pick(a, idx[0]);
    return idx.map((i) => pick(a, i));
  }

  /** `permutation(n)`: a shuffled `0..n-1`; `permutation(array)`: a shuffled copy. */
  permutation(n: number): number[];
  permutation<T>(a: readonly T[]): T[];
  permutation<T>(a: number | readonly T[]): (number | T)[] {
    if (typeof a === "number") {
      const n = requireNonNegativeInteger("permutation: n", a);
      const out = new Array<number>(n);
      for (let i = 0; i < n; i++) out[i] = i;
      this.shuffle(out);
      return out;
    }
    if (!Array.isArray(a)) {
      throw new TypeError(`permutation: a: expected an integer or an array, got ${describe(a)}`);
    }
    const copy = a.slice();
    this.shuffle(copy);
    return copy;
  }

  /** Shuffles in place like numpy: for i = n-1..1, swap a[i] with a[j], j masked-uniform in [0, i]. */
  shuffle<T>(a: MutableArrayLike<T>): void {
    if (typeof a !== "object" || a === null || typeof a.length !== "number") {
      throw new TypeError(`shuffle: a: expected an array or typed array, got ${describe(a)}`);
    }
    if (a.length > TWO_32) {
      throw new RangeError(`shuffle: a: expected at most 2^32 elements, got ${a.length}`);
    }
    shuffleInPlace(this.bitGenerator, a);
  }

  /** A JSON-serialisable copy of the generator state. */
  getState(): GeneratorState {
    return this.bitGenerator.getState();
  }

  /** Restores a state from {@link getState}; the following draws repeat exactly. */
  setState(state: GeneratorState): void {
    this.bitGenerator.setState(state);
  }

  /** Uniform in `[0, max]` for `max <= 2^32-1`, as numpy's bounded uint64 fill on the 32-bit path. */
  private boundedLemire(max: number): number {
    if (max === 0xffffffff) return this.bitGenerator.nextUint32();
    return lemireBounded(this.bitGenerator, max);
  }

  private tailShuffleSample(pop: number, k: number): number[] {
    const idx = new Float64Array(pop);
    for (let i = 0; i < pop; i++) idx[i] = i;
    const first = Math.max(pop - k, 1);
    for (let i = pop - 1; i >= first; i--) {
      const j = this.boundedLemire(i);
      const t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return Array.from(idx.subarray(pop - k));
  }

  private floydSample(pop: number, k: number): number[] {
    // numpy: set_size = uint64(1.2 * size); mask = smallest all-ones >= set_size.
    const mask = maskFor(Math.floor(1.2 * k));
    const table = new Float64Array(mask + 1).fill(-1);
    const out = new Array<number>(k);
    for (let j = pop - k; j < pop; j++) {
      const val = this.boundedLemire(j);
      let loc = val & mask;
      while (table[loc] !== -1 && table[loc] !== val) loc = (loc + 1) & mask;
      if (table[loc] === -1) {
        table[loc] = val;
        out[j - pop + k] = val;
      } else {
        loc = j & mask;
        while (table[loc] !== -1) loc = (loc + 1) & mask;
        table[loc] = j;
        out[j - pop + k] = j;
      }
    }
    for (let i = k - 1; i > 0; i--) {
      const j = this.boundedLemire(i);
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}

/** numpy `default_rng(seed)`: `Generator(PCG64(SeedSequence(seed)))`. */
export function defaultRng(seed: SeedEntropy): Generator {
  return new Generator(new PCG64(seed));
}
