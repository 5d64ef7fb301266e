/**
 * The Gymnasium-style adapter of a MinAtar game, as MinAtar's own gymnasium wrapper behaves:
 * `reset({ seed })` seeds then resets, `-v0` takes the full 6 actions and `-v1` the game's
 * minimal set (mapped to full indices before stickiness), observations are uint8 `[10,10,C]`.
 * Unlike the Python registration it adds a truncation cap (`maxEpisodeSteps`, default 10 000),
 * flagged as Gymnasium's `TimeLimit` does.
 */

import { checkMaxEpisodeSteps } from "../classic/timeLimit.js";
import {
  type BoxSpace,
  checkAction,
  type DiscreteSpace,
  type Env,
  type ResetResult,
  type StepResult,
} from "../env.js";
import {
  MinAtarEnvironment,
  type MinAtarEnvironmentOptions,
  type MinAtarEnvironmentState,
} from "./environment.js";
import { renderObservation } from "./render.js";
import { FULL_ACTION_COUNT, GRID_SIZE, type MinAtarGameName } from "./types.js";

/** The default truncation cap of MinAtar environments (MinAtar itself has none). */
export const MINATAR_DEFAULT_MAX_EPISODE_STEPS = 10_000;

/** Options of {@link MinAtarEnv}. */
export interface MinAtarEnvOptions extends MinAtarEnvironmentOptions {
  /** Use the game's minimal action set (`-v1`) instead of all six actions (`-v0`). Default false. */
  minimalActions?: boolean;
  /** Steps after which an episode is truncated; `Infinity` for none. Default 10 000. */
  maxEpisodeSteps?: number;
}

/** A JSON-serialisable snapshot of a {@link MinAtarEnv}. */
export interface MinAtarEnvState {
  /** The registry id. */
  id: string;
  /** Steps since the last reset. */
  elapsedSteps: number;
  /** The core's snapshot. */
  core: MinAtarEnvironmentState;
}

const TITLES: Record<MinAtarGameName, string> = {
  asterix: "Asterix",
  breakout: "Breakout",
  freeway: "Freeway",
  seaquest: "Seaquest",
  space_invaders: "SpaceInvaders",
};

/** The registry id of a game and action set, e.g. `MinAtar/SpaceInvaders-v1`. */
export function minAtarId(game: MinAtarGameName, minimalActions: boolean): string {
  return `MinAtar/${TITLES[game]}-${minimalActions ? "v1" : "v0"}`;
}

/** A MinAtar game behind the {@link Env} interface. */
export class MinAtarEnv implements Env<Uint8Array> {
  readonly id: string;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: DiscreteSpace;
  /** Agent action index -> full-set action. */
  readonly actionSet: readonly number[];
  /** Steps after which an episode is truncated. */
  readonly maxEpisodeSteps: number;
  /** The underlying MinAtar core (sticky actions, generator, game). */
  readonly core: MinAtarEnvironment;
  private elapsed = 0;

  constructor(game: MinAtarGameName, options: MinAtarEnvOptions = {}) {
    const { minimalActions = false, maxEpisodeSteps, ...coreOptions } = options;
    if (typeof minimalActions !== "boolean") {
      throw new TypeError(`minimalActions must be a boolean, got ${String(minimalActions)}`);
    }
    this.maxEpisodeSteps = checkMaxEpisodeSteps(
      maxEpisodeSteps ?? MINATAR_DEFAULT_MAX_EPISODE_STEPS,
    );
    this.core = new MinAtarEnvironment(game, coreOptions);
    this.id = minAtarId(game, minimalActions);
    this.actionSet = minimalActions
      ? this.core.minimalActionSet
      : Array.from({ length: FULL_ACTION_COUNT }, (_, i) => i);
    this.actionSpace = { kind: "discrete", n: this.actionSet.length };
    this.observationSpace = {
      kind: "box",
      shape: [GRID_SIZE, GRID_SIZE, this.core.numChannels],
      low: 0,
      high: 1,
      dtype: "uint8",
    };
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  reset(options: { seed?: number } = {}): ResetResult<Uint8Array> {
    if (options.seed !== undefined) this.core.seed(options.seed);
    this.core.reset();
    this.elapsed = 0;
    return { observation: this.core.state(), info: {} };
  }

  step(action: number): StepResult<Uint8Array> {
    checkAction(this, action);
    const { reward, terminal } = this.core.act(this.actionSet[action]);
    this.elapsed += 1;
    return {
      observation: this.core.state(),
      reward,
      terminated: terminal,
      // As Gymnasium's TimeLimit: flagged at the cap even on a terminating step.
      truncated: this.elapsed >= this.maxEpisodeSteps,
      info: { executedAction: this.core.lastAction },
    };
  }

  render(): string {
    return renderObservation(
      this.core.state(),
      this.core.channelNames,
      `${this.id}  step ${this.elapsed}`,
    );
  }

  /** A JSON-serialisable snapshot, generator included. */
  getState(): MinAtarEnvState {
    return { id: this.id, elapsedSteps: this.elapsed, core: this.core.getState() };
  }

  /** Restores a snapshot of an environment with the same id and settings. */
  setState(state: MinAtarEnvState): void {
    if (typeof state !== "object" || state === null || state.id !== this.id) {
      throw new RangeError(
        `state must be a snapshot of ${this.id}, got ${typeof state === "object" && state !== null ? String(state.id) : String(state)}`,
      );
    }
    const elapsed = state.elapsedSteps;
    if (!Number.isInteger(elapsed) || elapsed < 0) {
      throw new RangeError(
        `state.elapsedSteps must be a non-negative integer, got ${String(elapsed)}`,
      );
    }
    this.core.setState(state.core);
    this.elapsed = elapsed;
  }
}
