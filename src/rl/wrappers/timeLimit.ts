/** `TimeLimit`: truncate episodes after a fixed number of steps. */

import { SnapshotReader } from "../breakout/snapshot.js";
import type { Env, Observation, ResetResult, StepResult } from "../env.js";
import { Wrapper } from "./wrapper.js";

/** Sets `truncated` on the `maxEpisodeSteps`-th step after a reset (and on any later one). */
export class TimeLimit<O extends Observation = Observation> extends Wrapper<O> {
  readonly wrapperName = "TimeLimit";
  /** Steps after which an episode is truncated. */
  readonly maxEpisodeSteps: number;
  private elapsed = 0;

  constructor(env: Env<O>, options: { maxEpisodeSteps: number }) {
    super(env);
    const max = options.maxEpisodeSteps;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`TimeLimit: maxEpisodeSteps must be a positive integer, got ${max}`);
    }
    this.maxEpisodeSteps = max;
  }

  /** Steps taken since the last reset. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  reset(options?: { seed?: number }): ResetResult<O> {
    this.elapsed = 0;
    return this.env.reset(options);
  }

  step(action: number): StepResult<O> {
    const s = this.env.step(action);
    this.elapsed += 1;
    return this.elapsed >= this.maxEpisodeSteps ? { ...s, truncated: true } : s;
  }

  protected override getOwnState(): unknown {
    return { elapsed: this.elapsed };
  }

  protected override prepareOwnState(own: unknown): () => void {
    const elapsed = new SnapshotReader(own, "TimeLimit.setState: state.own").int("elapsed", 0);
    return () => {
      this.elapsed = elapsed;
    };
  }
}
