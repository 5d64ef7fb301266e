/** `MaxAndSkipEnv`: repeat an action over several frames and max-pool the last two. */
import type { Env, Observation, StepResult } from "../env.js";
import { Wrapper } from "./wrapper.js";

/**
 * Repeats each action `skip` times (default 4), sums the rewards and returns the pixel-wise
 * maximum of the last two observations, which removes the flicker of Atari sprites drawn
 * on alternate frames. It stops early when the episode ends; the maximum is then taken
 * over the last two frames actually seen in this step (one frame if only one was).
 */
export class MaxAndSkip<O extends Observation = Observation> extends Wrapper<O> {
  readonly wrapperName = "MaxAndSkip";
  /** Frames each action is repeated for. */
  readonly skip: number;

  constructor(env: Env<O>, options: { skip?: number } = {}) {
    super(env);
    const skip = options.skip ?? 4;
    if (!Number.isInteger(skip) || skip < 1) {
      throw new RangeError(`MaxAndSkip: skip must be a positive integer, got ${skip}`);
    }
    this.skip = skip;
  }

  reset(options?: { seed?: number }) {
    return this.env.reset(options);
  }

  step(action: number): StepResult<O> {
    let total = 0;
    let previous: O | null = null;
    let last: StepResult<O> | null = null;
    for (let i = 0; i < this.skip; i++) {
      if (last !== null) previous = last.observation;
      last = this.env.step(action);
      total += last.reward;
      if (last.terminated || last.truncated) break;
    }
    if (last === null) throw new Error("MaxAndSkip: unreachable, skip >= 1");
    const observation = last.observation;
    if (previous !== null) {
      const obs = observation;
      for (let j = 0; j < obs.length; j++) if (previous[j] > obs[j]) obs[j] = previous[j];
    }
    return { ...last, observation, reward: total };
  }
}
