/** `FireResetEnv`: press FIRE after every reset, for games that wait for it. */
import type { Env, Observation, ResetResult, StepResult } from "../env.js";
import { Wrapper } from "./wrapper.js";

/**
 * After each reset, steps action 1 (FIRE) and then action 2, resetting again if either step
 * ends the episode, as the DeepMind wrappers do. Under {@link EpisodicLife} this re-serves
 * the ball after every lost life. Needs at least 3 actions; when the env lists
 * `actionMeanings`, action 1 must be "FIRE".
 */
export class FireReset<O extends Observation = Observation> extends Wrapper<O> {
  readonly wrapperName = "FireReset";

  constructor(env: Env<O>) {
    super(env);
    if (env.actionSpace.n < 3) {
      throw new RangeError(
        `FireReset: the env must have at least 3 actions, got ${env.actionSpace.n}`,
      );
    }
    const meanings = (env as { actionMeanings?: unknown }).actionMeanings;
    if (Array.isArray(meanings) && meanings[1] !== "FIRE") {
      throw new RangeError(`FireReset: action 1 must be "FIRE", got ${String(meanings[1])}`);
    }
  }

  reset(options?: { seed?: number }): ResetResult<O> {
    this.env.reset(options);
    let s = this.env.step(1);
    if (s.terminated || s.truncated) this.env.reset();
    s = this.env.step(2);
    if (s.terminated || s.truncated) return this.env.reset();
    return { observation: s.observation, info: s.info };
  }

  step(action: number): StepResult<O> {
    return this.env.step(action);
  }
}
