/**
 * Gymnasium's `CartPole-v1`, equation for equation: Euler integration, force 10 N, tau 0.02 s,
 * termination beyond 12 degrees or 2.4 m, reward 1 per step including the terminating one
 * (0 for steps after termination), truncation after 500 steps as Gymnasium's `TimeLimit`
 * does. The state is float64 like Gymnasium's; observations are its float32 copy.
 *
 * Resets draw `uniform(-0.05, 0.05, 4)` from numpy's `Generator(PCG64(SeedSequence(seed)))`
 * (`defaultRng`), the generator Gymnasium's `np_random` is, so a seeded reset starts from the
 * same state as in Python.
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
import { checkMaxEpisodeSteps } from "./timeLimit.js";

const GRAVITY = 9.8;
const MASS_CART = 1.0;
const MASS_POLE = 0.1;
const TOTAL_MASS = MASS_POLE + MASS_CART;
/** Half the pole's length. */
const LENGTH = 0.5;
const POLE_MASS_LENGTH = MASS_POLE * LENGTH;
const FORCE_MAG = 10.0;
const TAU = 0.02;
/** 12 degrees, written as Gymnasium computes it. */
export const CARTPOLE_THETA_THRESHOLD = (12 * 2 * Math.PI) / 360;
/** 2.4 m: the cart position beyond which an episode terminates. */
export const CARTPOLE_X_THRESHOLD = 2.4;
/** Gymnasium's registered time limit for CartPole-v1. */
export const CARTPOLE_DEFAULT_MAX_EPISODE_STEPS = 500;

/** Options of {@link CartPole}. */
export interface CartPoleOptions {
  /** Truncation cap (Gymnasium: 500); `Infinity` for none. */
  maxEpisodeSteps?: number;
}

/** A JSON-serialisable snapshot of a {@link CartPole}, generator included. */
export interface CartPoleState {
  /** `[x, xDot, theta, thetaDot]`, or null before the first reset. */
  physics: number[] | null;
  /** Steps since the last reset. */
  elapsedSteps: number;
  /** Steps taken since termination (Gymnasium's `steps_beyond_terminated`), or null. */
  stepsBeyondTerminated: number | null;
  /** The generator's state, or null before the first reset. */
  rng: GeneratorState | null;
}

/** CartPole-v1. Action 0 pushes the cart left, 1 pushes it right. */
export class CartPole implements Env<Float32Array> {
  readonly id = "CartPole-v1";
  /** Observation `[x, xDot, theta, thetaDot]`; unbounded here (Gymnasium bounds x and theta at twice the thresholds). */
  readonly observationSpace: BoxSpace = {
    kind: "box",
    shape: [4],
    low: Number.NEGATIVE_INFINITY,
    high: Number.POSITIVE_INFINITY,
    dtype: "float32",
  };
  readonly actionSpace: DiscreteSpace = { kind: "discrete", n: 2 };
  /** Steps after which an episode is truncated. */
  readonly maxEpisodeSteps: number;

  private rng: Generator | null = null;
  private physics: Float64Array | null = null;
  private elapsed = 0;
  private stepsBeyondTerminated: number | null = null;

  constructor(options: CartPoleOptions = {}) {
    this.maxEpisodeSteps = checkMaxEpisodeSteps(
      options.maxEpisodeSteps ?? CARTPOLE_DEFAULT_MAX_EPISODE_STEPS,
    );
  }

  /** The float64 state `[x, xDot, theta, thetaDot]` (a copy), or null before the first reset. */
  get state(): Float64Array | null {
    return this.physics === null ? null : this.physics.slice();
  }

  reset(options: { seed?: number } = {}): ResetResult<Float32Array> {
    if (options.seed !== undefined) this.rng = defaultRng(options.seed);
    this.rng ??= defaultRng(entropyWords());
    const low = -0.05;
    const high = 0.05;
    const physics = new Float64Array(4);
    for (let i = 0; i < 4; i++) physics[i] = low + (high - low) * this.rng.random();
    this.physics = physics;
    this.elapsed = 0;
    this.stepsBeyondTerminated = null;
    return { observation: Float32Array.from(physics), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    checkAction(this, action);
    const s = this.physics;
    if (s === null) throw new Error(`${this.id}: call reset() before step()`);
    const [x, xDot, theta, thetaDot] = s;
    const force = action === 1 ? FORCE_MAG : -FORCE_MAG;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const temp = (force + POLE_MASS_LENGTH * thetaDot ** 2 * sin) / TOTAL_MASS;
    const thetaAcc =
      (GRAVITY * sin - cos * temp) / (LENGTH * (4.0 / 3.0 - (MASS_POLE * cos ** 2) / TOTAL_MASS));
    const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
    s[0] = x + TAU * xDot;
    s[1] = xDot + TAU * xAcc;
    s[2] = theta + TAU * thetaDot;
    s[3] = thetaDot + TAU * thetaAcc;

    const terminated =
      s[0] < -CARTPOLE_X_THRESHOLD ||
      s[0] > CARTPOLE_X_THRESHOLD ||
      s[2] < -CARTPOLE_THETA_THRESHOLD ||
      s[2] > CARTPOLE_THETA_THRESHOLD;
    let reward = 1;
    if (terminated) {
      if (this.stepsBeyondTerminated === null) this.stepsBeyondTerminated = 0;
      else {
        this.stepsBeyondTerminated += 1;
        reward = 0;
      }
    }
    this.elapsed += 1;
    return {
      observation: Float32Array.from(s),
      reward,
      terminated,
      // Gymnasium's TimeLimit flags truncation at the cap even on a terminating step.
      truncated: this.elapsed >= this.maxEpisodeSteps,
      info: {},
    };
  }

  render(): string {
    if (this.physics === null) return `${this.id}: not reset\n`;
    const [x, , theta] = this.physics;
    const width = 49;
    const col = Math.round(((x + CARTPOLE_X_THRESHOLD) / (2 * CARTPOLE_X_THRESHOLD)) * (width - 1));
    const track = Array.from({ length: width }, () => "-");
    const pole = theta > 0.02 ? "/" : theta < -0.02 ? "\\" : "|";
    const inside = col >= 0 && col < width;
    if (inside) track[col] = `\x1b[33m${pole}\x1b[0m`;
    const info = `x=${x.toFixed(3)} theta=${((theta * 180) / Math.PI).toFixed(2)}deg step ${this.elapsed}`;
    return `${this.id}  ${info}\n|${track.join("")}|\n`;
  }

  /** A JSON-serialisable snapshot, generator included. */
  getState(): CartPoleState {
    return {
      physics: this.physics === null ? null : Array.from(this.physics),
      elapsedSteps: this.elapsed,
      stepsBeyondTerminated: this.stepsBeyondTerminated,
      rng: this.rng === null ? null : this.rng.getState(),
    };
  }

  /** Restores a snapshot from `getState`; the following steps repeat exactly. */
  setState(state: CartPoleState): void {
    if (typeof state !== "object" || state === null) {
      throw new TypeError(`state must be an object, got ${String(state)}`);
    }
    const p = state.physics;
    if (
      p !== null &&
      (!Array.isArray(p) || p.length !== 4 || !p.every((v) => typeof v === "number"))
    ) {
      throw new TypeError(`state.physics must be null or 4 numbers, got ${JSON.stringify(p)}`);
    }
    if (!Number.isInteger(state.elapsedSteps) || state.elapsedSteps < 0) {
      throw new RangeError(
        `state.elapsedSteps must be a non-negative integer, got ${String(state.elapsedSteps)}`,
      );
    }
    const beyond = state.stepsBeyondTerminated;
    if (beyond !== null && !(Number.isInteger(beyond) && beyond >= 0)) {
      throw new RangeError(
        `state.stepsBeyondTerminated must be null or a non-negative integer, got ${String(beyond)}`,
      );
    }
    let rng: Generator | null = null;
    if (state.rng !== null) {
      rng = defaultRng(0);
      rng.setState(state.rng);
    }
    this.physics = p === null ? null : Float64Array.from(p);
    this.elapsed = state.elapsedSteps;
    this.stepsBeyondTerminated = beyond;
    this.rng = rng;
  }
}
