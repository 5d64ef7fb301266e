/**
 * RepeatAfterMe: a memory task. Every observation shows a fresh random bit (plus a constant
 * 1 as a bias input); the agent must answer with the bit it saw `delay` steps before the one
 * it sees now. With delay 2, the action at step t (1-based) is judged against the bit shown
 * in the observation of step t - 3 (the reset observation is step 0), so the first two steps
 * have no target.
 *
 * Reward: +1 for a correct answer, -1 for a wrong one, 0 while there is no target. Chance
 * level is therefore 0, which makes memory visible: episodes last 100 steps, the best return
 * is 98, and a policy without memory (the current bit tells nothing about the target) averages 0.
 *
 * Bits are `integers(2)` draws from numpy's `Generator(PCG64(SeedSequence(seed)))` (`defaultRng`).
 */
import { defaultRng, type Generator, type GeneratorState } from "../../random/index.js";
import {
  type BoxSpace,
  checkAction,
  type DiscreteSpace,
  type Env,
  type ResetResult,
  type StepResult,
} from "../env.js";
import { entropyWords } from "./entropy.js";

/** Options of {@link RepeatAfterMe}. */
export interface RepeatAfterMeOptions {
  /** Steps per episode (100). */
  episodeLength?: number;
  /** How many observations back the answer lies (2). */
  delay?: number;
}

/** A JSON-serialisable snapshot of a {@link RepeatAfterMe}, generator included. */
export interface RepeatAfterMeState {
  /** The bits shown so far this episode (index = step), or null before the first reset. */
  bits: number[] | null;
  /** The generator's state, or null before the first reset. */
  rng: GeneratorState | null;
}

function checkPositiveInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** The delayed-recall task as an {@link Env}; action 0 or 1 is the recalled bit. */
export class RepeatAfterMe implements Env<Float32Array> {
  readonly id = "RepeatAfterMe-v0";
  /** `[bit, 1]`. */
  readonly observationSpace: BoxSpace = {
    kind: "box",
    shape: [2],
    low: 0,
    high: 1,
    dtype: "float32",
  };
  readonly actionSpace: DiscreteSpace = { kind: "discrete", n: 2 };
  /** Steps per episode. */
  readonly episodeLength: number;
  /** How many observations back the answer lies. */
  readonly delay: number;

  private rng: Generator | null = null;
  private bits: number[] | null = null;

  constructor(options: RepeatAfterMeOptions = {}) {
    this.episodeLength = checkPositiveInteger("episodeLength", options.episodeLength ?? 100, 1);
    this.delay = checkPositiveInteger("delay", options.delay ?? 2, 0);
  }

  /** The best possible return of an episode: one point per step that has a target. */
  get maxReturn(): number {
    return Math.max(0, this.episodeLength - this.delay);
  }

  reset(options: { seed?: number } = {}): ResetResult<Float32Array> {
    if (options.seed !== undefined) this.rng = defaultRng(options.seed);
    this.rng ??= defaultRng(entropyWords());
    this.bits = [this.rng.integers(2)];
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    checkAction(this, action);
    const bits = this.bits;
    if (bits === null || this.rng === null)
      throw new Error(`${this.id}: call reset() before step()`);
    const t = bits.length; // this is step t (1-based); the agent is looking at bits[t - 1]
    if (t > this.episodeLength) {
      throw new Error(
        `${this.id}: the episode ended after ${this.episodeLength} steps; call reset()`,
      );
    }
    const targetIndex = t - 1 - this.delay;
    const reward = targetIndex < 0 ? 0 : action === bits[targetIndex] ? 1 : -1;
    bits.push(this.rng.integers(2));
    return {
      observation: this.observe(),
      reward,
      terminated: t === this.episodeLength,
      truncated: false,
      info: {},
    };
  }

  render(): string {
    if (this.bits === null) return `${this.id}: not reset\n`;
    const t = this.bits.length - 1;
    const shown = this.bits[t];
    return `${this.id}  step ${t}/${this.episodeLength}  bit \x1b[1m${shown}\x1b[0m  (answer: the bit shown ${this.delay} steps before this one)\n`;
  }

  /** A JSON-serialisable snapshot, generator included. */
  getState(): RepeatAfterMeState {
    return {
      bits: this.bits === null ? null : [...this.bits],
      rng: this.rng === null ? null : this.rng.getState(),
    };
  }

  /** Restores a snapshot from `getState`; the following steps repeat exactly. */
  setState(state: RepeatAfterMeState): void {
    if (typeof state !== "object" || state === null) {
      throw new TypeError(`state must be an object, got ${String(state)}`);
    }
    const b = state.bits;
    if (
      b !== null &&
      (!Array.isArray(b) ||
        b.length === 0 ||
        b.length > this.episodeLength + 1 ||
        !b.every((v) => v === 0 || v === 1))
    ) {
      throw new TypeError(
        `state.bits must be null or 1..${this.episodeLength + 1} bits (0/1), got ${JSON.stringify(b)}`,
      );
    }
    let rng: Generator | null = null;
    if (state.rng !== null) {
      rng = defaultRng(0);
      rng.setState(state.rng);
    }
    this.bits = b === null ? null : [...b];
    this.rng = rng;
  }

  private observe(): Float32Array {
    const bits = this.bits ?? [0];
    return Float32Array.of(bits[bits.length - 1], 1);
  }
}
