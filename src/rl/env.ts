/**
 * The Gymnasium-style environment interface every environment in `src/rl` implements.
 * Observations are flat typed arrays with a shape (channel-last for images), so they can be
 * copied into shared memory and batched without conversion.
 */

/** A discrete action space `{0, ..., n-1}`. */
export interface DiscreteSpace {
  readonly kind: "discrete";
  readonly n: number;
}

/** A box of values with a fixed shape; `low`/`high` apply to every element. */
export interface BoxSpace {
  readonly kind: "box";
  readonly shape: readonly number[];
  readonly low: number;
  readonly high: number;
  readonly dtype: "uint8" | "float32" | "float64";
}

export type Space = DiscreteSpace | BoxSpace;

export type Observation = Uint8Array | Float32Array | Float64Array;

export type Info = Record<string, number | boolean | string>;

export interface ResetResult<O extends Observation = Observation> {
  observation: O;
  info: Info;
}

export interface StepResult<O extends Observation = Observation> {
  observation: O;
  reward: number;
  /** The episode ended inside the MDP (game over). */
  terminated: boolean;
  /** The episode was cut short from outside (time limit). */
  truncated: boolean;
  info: Info;
}

export interface Env<O extends Observation = Observation> {
  /** Registry id, e.g. `"CartPole-v1"` or `"MinAtar/Breakout-v1"`. */
  readonly id: string;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: DiscreteSpace;
  /** Starts an episode. A seed reseeds the environment's generator before the reset. */
  reset(options?: { seed?: number }): ResetResult<O>;
  /** Advances one step. Throws a RangeError for an action outside the action space. */
  step(action: number): StepResult<O>;
  /** A human-readable frame: text with ANSI colours for terminals. */
  render(): string;
  close?(): void;
}

/** Throws the error every environment gives for an action outside `{0..n-1}`. */
export function checkAction(env: { id: string; actionSpace: DiscreteSpace }, action: number): void {
  if (!Number.isInteger(action) || action < 0 || action >= env.actionSpace.n) {
    throw new RangeError(
      `${env.id}: action must be an integer in [0, ${env.actionSpace.n - 1}], got ${String(action)}`,
    );
  }
}
