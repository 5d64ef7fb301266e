/**
 * The Mersenne Twister MT19937 as numpy's legacy `RandomState(seed)` uses it: seeded with
 * the classic `init_genrand(seed)`, tempered 32-bit outputs.
 */
import type { Uint32Source } from "./bounded.js";
import { describe, requireIntegerIn, requireSeed32 } from "./validate.js";

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** JSON-serialisable MT19937 state: numpy's `key` (624 words) and `pos`. */
export interface MT19937State {
  /** The generator's name, as numpy's `bit_generator`. */
  bitGenerator: "MT19937";
  /** The 624 state words. */
  key: number[];
  /** Position of the next word to temper. */
  pos: number;
}

/** MT19937 bit generator (32-bit outputs). */
export class MT19937 implements Uint32Source {
  private readonly mt = new Uint32Array(N);
  private pos = N;

  /** Seeds with `init_genrand(seed)`; `seed` must be an integer in `[0, 2^32-1]`. */
  constructor(seed: number) {
    const s = requireSeed32("seed", seed);
    const mt = this.mt;
    mt[0] = s;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1];
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.pos = N;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & UPPER_MASK) | (mt[(i + 1) % N] & LOWER_MASK);
      let v = mt[(i + M) % N] ^ (y >>> 1);
      if (y & 1) v ^= MATRIX_A;
      mt[i] = v >>> 0;
    }
    this.pos = 0;
  }

  /** The next tempered 32-bit output, as a non-negative number. */
  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.mt[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A 53-bit double in `[0, 1)` from two outputs (numpy `mt19937_next_double`). */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A copy of the state (numpy's `key` and `pos`). */
  getState(): MT19937State {
    return { bitGenerator: "MT19937", key: Array.from(this.mt), pos: this.pos };
  }

  /** Restores a state produced by {@link getState} (or numpy's `get_state()` key and pos). */
  setState(state: MT19937State): void {
    if (typeof state !== "object" || state === null || state.bitGenerator !== "MT19937") {
      throw new TypeError(
        `state: expected an object with bitGenerator "MT19937", got ${describe(
          typeof state === "object" && state !== null ? state.bitGenerator : state,
        )}`,
      );
    }
    if (!Array.isArray(state.key) || state.key.length !== N) {
      throw new TypeError(
        `state.key: expected an array of ${N} uint32 words, got ${describe(state.key)}`,
      );
    }
    const pos = requireIntegerIn("state.pos", state.pos, 0, N);
    const key = state.key.map((w, i) => requireIntegerIn(`state.key[${i}]`, w, 0, 0xffffffff));
    this.mt.set(key);
    this.pos = pos;
  }
}
