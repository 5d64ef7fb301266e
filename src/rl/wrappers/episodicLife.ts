/** `EpisodicLifeEnv`: make every lost life the end of an episode for the learner. */

import { SnapshotReader } from "../breakout/snapshot.js";
import type { Env, Info, Observation, ResetResult, StepResult } from "../env.js";
import { Wrapper } from "./wrapper.js";

/** Reads `info.lives`, which every life-based env must report. */
export function livesOf(info: Info, where: string): number {
  const lives = info.lives;
  if (typeof lives !== "number") {
    throw new TypeError(`${where}: info.lives must be a number, got ${String(lives)}`);
  }
  return lives;
}

/**
 * Reports `terminated` when `info.lives` drops (and is still above 0), so value targets do
 * not bootstrap across a lost life. The game goes on underneath: the next `reset()` only
 * takes one no-op step, unless the game is really over (or a seed is given), in which case
 * it resets the wrapped env. `info.realDone` tells whether the wrapped game ended.
 */
export class EpisodicLife<O extends Observation = Observation> extends Wrapper<O> {
  readonly wrapperName = "EpisodicLife";
  private lives = 0;
  private realDone = true;

  constructor(
    env: Env<O>,
    /** The action used to continue after a lost life (default 0, no-op). */
    readonly noopAction = 0,
  ) {
    super(env);
  }

  reset(options: { seed?: number } = {}): ResetResult<O> {
    let result: ResetResult<O>;
    if (this.realDone || options.seed !== undefined) {
      result = this.env.reset(options);
    } else {
      const s = this.env.step(this.noopAction);
      result = s.terminated || s.truncated ? this.env.reset(options) : s;
    }
    this.realDone = false;
    this.lives = livesOf(result.info, "EpisodicLife.reset");
    return { observation: result.observation, info: result.info };
  }

  step(action: number): StepResult<O> {
    const s = this.env.step(action);
    this.realDone = s.terminated || s.truncated;
    const lives = livesOf(s.info, "EpisodicLife.step");
    const lifeLost = lives < this.lives && lives > 0;
    this.lives = lives;
    return {
      ...s,
      terminated: s.terminated || lifeLost,
      info: { ...s.info, realDone: this.realDone },
    };
  }

  protected override getOwnState(): unknown {
    return { lives: this.lives, realDone: this.realDone };
  }

  protected override prepareOwnState(own: unknown): () => void {
    const s = new SnapshotReader(own, "EpisodicLife.setState: state.own");
    const lives = s.int("lives", 0);
    const realDone = s.bool("realDone");
    return () => {
      this.lives = lives;
      this.realDone = realDone;
    };
  }
}
