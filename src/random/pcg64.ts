/**
 * numpy's `PCG64` bit generator (PCG XSL-RR 128/64) with its 32-bit half buffering:
 * `nextUint32()` returns the low half of a fresh 64-bit output and keeps the high half
 * for the next call. State arithmetic uses BigInt.
 */
import type { Uint32Source } from "./bounded.js";
import { type SeedEntropy, SeedSequence } from "./seedSequence.js";
import { describe, requireIntegerIn } from "./validate.js";

const MULT = 0x2360ed051fc65da44385df649fccf645n;
const M64 = 0xffffffffffffffffn;

/** JSON-serialisable PCG64 state (128-bit numbers as `0x` hex strings). */
export interface PCG64State {
  /** The generator's name, as numpy's `bit_generator`. */
  bitGenerator: "PCG64";
  /** The 128-bit LCG state, as a `0x` hex string. */
  state: string;
  /** The 128-bit LCG increment, as a `0x` hex string. */
  inc: string;
  /** Whether a buffered 32-bit half is pending. */
  hasUint32: boolean;
  /** The buffered upper 32 bits of the last 64-bit draw. */
  uinteger: number;
}

function parseU128(name: string, v: unknown): bigint {
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{1,32}$/.test(v)) {
    throw new TypeError(
      `${name}: expected a hex string "0x..." of at most 32 digits, got ${describe(v)}`,
    );
  }
  return BigInt(v);
}

/** numpy `PCG64(seed)`: seeded through {@link SeedSequence}. */
export class PCG64 implements Uint32Source {
  private s = 0n;
  private inc = 1n;
  private hasUint32 = false;
  private uinteger = 0;

  /** Seeds from an integer (via `SeedSequence(seed)`) or from an existing `SeedSequence`. */
  constructor(seed: SeedEntropy | SeedSequence) {
    const seq = seed instanceof SeedSequence ? seed : new SeedSequence(seed);
    const [s0, s1, i0, i1] = seq.generateState64(4);
    const initState = (s0 << 64n) | s1;
    const initSeq = (i0 << 64n) | i1;
    this.inc = BigInt.asUintN(128, (initSeq << 1n) | 1n);
    this.s = 0n;
    this.step();
    this.s = BigInt.asUintN(128, this.s + initState);
    this.step();
  }

  private step(): void {
    this.s = BigInt.asUintN(128, this.s * MULT + this.inc);
  }

  /** The 128-bit LCG state (for debugging and traces). */
  get state128(): bigint {
    return this.s;
  }

  /** The 128-bit odd increment. */
  get increment128(): bigint {
    return this.inc;
  }

  /** The next 64-bit output. It does not touch the buffered 32-bit half, as in numpy. */
  nextUint64(): bigint {
    this.step();
    const s = this.s;
    const x = ((s >> 64n) ^ s) & M64;
    const rot = s >> 122n;
    return ((x >> rot) | (x << ((64n - rot) & 63n))) & M64;
  }

  /** The next 32-bit output: low half of a 64-bit draw, then its buffered high half. */
  nextUint32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    const v = this.nextUint64();
    this.hasUint32 = true;
    this.uinteger = Number(v >> 32n);
    return Number(v & 0xffffffffn);
  }

  /** A double in `[0, 1)`: `(nextUint64 >> 11) * 2^-53`. */
  nextDouble(): number {
    return Number(this.nextUint64() >> 11n) / 9007199254740992;
  }

  /** A copy of the full state, including the buffered 32-bit half. */
  getState(): PCG64State {
    return {
      bitGenerator: "PCG64",
      state: `0x${this.s.toString(16)}`,
      inc: `0x${this.inc.toString(16)}`,
      hasUint32: this.hasUint32,
      uinteger: this.uinteger,
    };
  }

  /** Restores a state produced by {@link getState}. */
  setState(state: PCG64State): void {
    if (typeof state !== "object" || state === null || state.bitGenerator !== "PCG64") {
      throw new TypeError(
        `state: expected an object with bitGenerator "PCG64", got ${describe(
          typeof state === "object" && state !== null ? state.bitGenerator : state,
        )}`,
      );
    }
    const s = parseU128("state.state", state.state);
    const inc = parseU128("state.inc", state.inc);
    if ((inc & 1n) === 0n) {
      throw new RangeError(`state.inc: expected an odd increment, got ${state.inc}`);
    }
    if (typeof state.hasUint32 !== "boolean") {
      throw new TypeError(`state.hasUint32: expected a boolean, got ${describe(state.hasUint32)}`);
    }
    const u = requireIntegerIn("state.uinteger", state.uinteger, 0, 0xffffffff);
    this.s = s;
    this.inc = inc;
    this.hasUint32 = state.hasUint32;
    this.uinteger = u;
  }
}
