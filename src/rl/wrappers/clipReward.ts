/** `ClipRewardEnv`: replace rewards by their sign. */
import type { Observation, StepResult } from "../env.js";
import { Wrapper } from "./wrapper.js";

/** Rewards become -1, 0 or +1 (their sign), as in the DeepMind Atari setup. */
export class ClipReward<O extends Observation = Observation> extends Wrapper<O> {
  readonly wrapperName = "ClipReward";

  reset(options?: { seed?: number }) {
    return this.env.reset(options);
  }

  step(action: number): StepResult<O> {
    const s = this.env.step(action);
    return { ...s, reward: Math.sign(s.reward) + 0 };
  }
}
