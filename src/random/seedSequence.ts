/**
 * numpy's `SeedSequence` for integer entropy (no spawn key, pool size 4): it hashes the
 * seed into a 128-bit pool and expands that into any number of well-mixed words.
 */
import { describe } from "./validate.js";

const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;
const POOL_SIZE = 4;

/** Entropy accepted by {@link SeedSequence}: a non-negative integer or a list of them. */
export type SeedEntropy = number | bigint | readonly (number | bigint)[];

function toBigInt(name: string, v: unknown): bigint {
  if (typeof v === "bigint") {
    if (v < 0n) throw new RangeError(`${name}: expected a non-negative integer, got ${v}n`);
    return v;
  }
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    throw new TypeError(`${name}: expected a non-negative integer, got ${describe(v)}`);
  }
  if (v < 0) throw new RangeError(`${name}: expected a non-negative integer, got ${v}`);
  return BigInt(v);
}

/** Little-endian 32-bit words of a non-negative integer (`[0]` for zero), as numpy splits it. */
function uint32Words(x: bigint): number[] {
  if (x === 0n) return [0];
  const words: number[] = [];
  while (x > 0n) {
    words.push(Number(x & 0xffffffffn));
    x >>= 32n;
  }
  return words;
}

/** numpy's `_coerce_to_uint32_array`: one integer, or each list item's words concatenated. */
function entropyWords(entropy: SeedEntropy): number[] {
  if (Array.isArray(entropy)) {
    if (entropy.length === 0) {
      throw new RangeError("entropy: expected at least one integer, got an empty array");
    }
    return entropy.flatMap((v, i) => uint32Words(toBigInt(`entropy[${i}]`, v)));
  }
  return uint32Words(toBigInt("entropy", entropy));
}

/** Deterministic seed expansion, identical to `numpy.random.SeedSequence(entropy)`. */
export class SeedSequence {
  /** The entropy this sequence was created from. */
  readonly entropy: SeedEntropy;
  /** The mixed 4-word pool. */
  readonly pool: Uint32Array;

  constructor(entropy: SeedEntropy) {
    const ent = entropyWords(entropy);
    this.entropy = Array.isArray(entropy) ? entropy.slice() : entropy;
    let hashConst = INIT_A;
    const hashmix = (value: number): number => {
      let v = (value ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_A) >>> 0;
      v = Math.imul(v, hashConst) >>> 0;
      return (v ^ (v >>> XSHIFT)) >>> 0;
    };
    const mix = (x: number, y: number): number => {
      const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
      return (r ^ (r >>> XSHIFT)) >>> 0;
    };
    const pool = new Uint32Array(POOL_SIZE);
    for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < ent.length ? ent[i] : 0);
    for (let src = 0; src < POOL_SIZE; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) {
        if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
      }
    }
    for (let src = POOL_SIZE; src < ent.length; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hashmix(ent[src]));
    }
    this.pool = pool;
  }

  /** `generate_state(n, np.uint32)`. */
  generateState32(n: number): Uint32Array {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`generateState32: n: expected an integer >= 0, got ${describe(n)}`);
    }
    const out = new Uint32Array(n);
    let hashConst = INIT_B;
    for (let i = 0; i < n; i++) {
      let v = (this.pool[i % POOL_SIZE] ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_B) >>> 0;
      v = Math.imul(v, hashConst) >>> 0;
      out[i] = (v ^ (v >>> XSHIFT)) >>> 0;
    }
    return out;
  }

  /** `generate_state(n, np.uint64)`: pairs of 32-bit words, low word first. */
  generateState64(n: number): bigint[] {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`generateState64: n: expected an integer >= 0, got ${describe(n)}`);
    }
    const w = this.generateState32(2 * n);
    const out: bigint[] = [];
    for (let k = 0; k < n; k++) out.push(BigInt(w[2 * k]) | (BigInt(w[2 * k + 1]) << 32n));
    return out;
  }
}
