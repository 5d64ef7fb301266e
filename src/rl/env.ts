/**
 * The Gymnasium-style environment interface every environment in `src/rl` implements.
 * Observations are flat typed arrays with a shape (channel-last for images), so they can be
 * copied into shared memory and batched without conversion.
 */

/** A discrete action space `{0, ..., n-1}`. */
export interface DiscreteSpace {
  /** The space's tag. */
  readonly kind: "discrete";
  /** Number of actions. */
  readonly n: number;
}

/** A box of values with a fixed shape; `low`/`high` apply to every element. */
export interface BoxSpace {
  /** The space's tag. */
  readonly kind: "box";
  /** Dimensions of an observation (channel-last for images). */
  readonly shape: readonly number[];
  /** Lowest value of any element. */
  readonly low: number;
  /** Highest value of any element. */
  readonly high: number;
  /** Element type of the observation array. */
  readonly dtype: "uint8" | "float32" | "float64";
}

/** An action or observation space. */
export type Space = DiscreteSpace | BoxSpace;

/** An observation: a flat row-major typed array of the observation space's shape. */
export type Observation = Uint8Array | Float32Array | Float64Array;

/** Extra facts about a step (lives, episode statistics, ...), flat and serialisable. */
export type Info = Record<string, number | boolean | string>;

/** What `reset` returns. */
export interface ResetResult<O extends Observation = Observation> {
  /** The first observation of the episode. */
  observation: O;
  /** Extra facts about the reset. */
  info: Info;
}

/** What `step` returns (Gymnasium's five-tuple as an object). */
export interface StepResult<O extends Observation = Observation> {
  /** The observation after the step. */
  observation: O;
  /** The reward of the step. */
  reward: number;
  /** The episode ended inside the MDP (game over). */
  terminated: boolean;
  /** The episode was cut short from outside (time limit). */
  truncated: boolean;
  /** Extra facts about the step. */
  info: Info;
}

/** A Gymnasium-style environment with discrete actions and box observations. */
export interface Env<O extends Observation = Observation> {
  /** Registry id, e.g. `"CartPole-v1"` or `"MinAtar/Breakout-v1"`. */
  readonly id: string;
  /** Shape, bounds and element type of the observations. */
  readonly observationSpace: BoxSpace;
  /** The discrete actions. */
  readonly actionSpace: DiscreteSpace;
  /** Starts an episode. A seed reseeds the environment's generator before the reset. */
  reset(options?: { seed?: number }): ResetResult<O>;
  /** Advances one step. Throws a RangeError for an action outside the action space. */
  step(action: number): StepResult<O>;
  /** A human-readable frame: text with ANSI colours for terminals. */
  render(): string;
  /** Releases resources (workers, handles); optional. */
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
