/**
 * The batched environment interface: N copies of one environment stepped together, with
 * observations in one typed array `[N, ...shape]` and Gymnasium-style same-step auto-reset.
 */
import type { BoxSpace, DiscreteSpace, Info, Observation } from "../env.js";

/** One finished episode, as reported by `info.episodeReturn`/`info.episodeLength`. */
export interface EpisodeRecord {
  /** Index of the env that finished it. */
  env: number;
  /** Sum of the episode's rewards. */
  episodeReturn: number;
  /** Number of steps in the episode. */
  episodeLength: number;
}

/** What `VectorEnv.reset` returns. */
export interface VectorResetResult<O extends Observation = Observation> {
  /** `[numEnvs, ...shape]`, row i from env i. */
  observations: O;
  /** Per env: the reset info. */
  infos: Info[];
}

/**
 * What `VectorEnv.step` returns; the arrays are the vector env's buffers, overwritten by the next
 * call.
 */
export interface VectorStepResult<O extends Observation = Observation> {
  /** `[numEnvs, ...shape]`: the new observation, or the first of the next episode where one ended. */
  observations: O;
  /** Per env: the step's reward. */
  rewards: Float64Array;
  /** 1 where the episode ended inside the MDP. */
  terminated: Uint8Array;
  /** 1 where the episode was cut short (bootstrap from `finalObservations`). */
  truncated: Uint8Array;
  /** Per env: the step's info, or the reset info where the env was auto-reset. */
  infos: Info[];
  /** `[numEnvs, ...shape]`: the last observation of each episode that ended (other rows are stale). */
  finalObservations: O;
  /** The last step's info of each episode that ended; null elsewhere. */
  finalInfos: (Info | null)[];
  /**
   * Episodes that ended in this step and reported `info.episodeReturn` and
   * `info.episodeLength` (see `RecordEpisodeStatistics`; under `EpisodicLife` these are
   * whole games, not lives).
   */
  episodes: EpisodeRecord[];
}

/**
 * A vector of environments. An env whose episode ends is reset in the same `step` call
 * (without a seed, continuing its generator). The typed arrays returned are the env's own
 * buffers, overwritten by the next call: copy what must outlive it.
 */
export interface VectorEnv<O extends Observation = Observation> {
  /** Number of environments. */
  readonly numEnvs: number;
  /** The observation space of one env. */
  readonly singleObservationSpace: BoxSpace;
  /** The action space of one env. */
  readonly singleActionSpace: DiscreteSpace;
  /** Resets every env; with a seed, env i is reset with `seed + i`. */
  reset(seed?: number): VectorResetResult<O>;
  /** Steps env i with `actions[i]`; auto-resets the envs whose episodes ended. */
  step(actions: Int32Array): VectorStepResult<O>;
  /** Releases the envs (and workers). Further calls throw. */
  close(): void;
}
