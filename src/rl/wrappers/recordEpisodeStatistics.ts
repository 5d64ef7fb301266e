/** `RecordEpisodeStatistics`: report each episode's return and length when it ends. */

import { SnapshotReader } from "../breakout/snapshot.js";
import type { Observation, ResetResult, StepResult } from "../env.js";
import { Wrapper } from "./wrapper.js";

/**
 * Sums the rewards and counts the steps that pass through it and, on the step that
 * terminates or truncates, adds `info.episodeReturn` and `info.episodeLength`. Placed
 * directly on the game (below reward clipping and {@link EpisodicLife}), it measures whole
 * games with unclipped scores, which is what "policy reward" reports: `EpisodicLife` only
 * resets the game underneath when it is really over, so lost lives never end these counts.
 */
export class RecordEpisodeStatistics<O extends Observation = Observation> extends Wrapper<O> {
  readonly wrapperName = "RecordEpisodeStatistics";
  private episodeReturn = 0;
  private episodeLength = 0;

  reset(options?: { seed?: number }): ResetResult<O> {
    this.episodeReturn = 0;
    this.episodeLength = 0;
    return this.env.reset(options);
  }

  step(action: number): StepResult<O> {
    const s = this.env.step(action);
    this.episodeReturn += s.reward;
    this.episodeLength += 1;
    if (!(s.terminated || s.truncated)) return s;
    return {
      ...s,
      info: { ...s.info, episodeReturn: this.episodeReturn, episodeLength: this.episodeLength },
    };
  }

  protected override getOwnState(): unknown {
    return { episodeReturn: this.episodeReturn, episodeLength: this.episodeLength };
  }

  protected override prepareOwnState(own: unknown): () => void {
    const s = new SnapshotReader(own, "RecordEpisodeStatistics.setState: state.own");
    const episodeReturn = s.number("episodeReturn");
    const episodeLength = s.int("episodeLength", 0);
    return () => {
      this.episodeReturn = episodeReturn;
      this.episodeLength = episodeLength;
    };
  }
}
