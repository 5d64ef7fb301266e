/**
 * Steps a contiguous range of envs against shared batch arrays. The same code serves the
 * in-thread vector env (one batch over all envs) and each worker (one batch per worker),
 * so both produce identical results.
 */
import type { Env, Info, Observation } from "../env.js";
import type { BatchViews } from "./buffers.js";
import { observationSize } from "./buffers.js";
import type { EpisodeRecord } from "./types.js";

/** What a batch step reports besides the arrays it wrote. */
export interface BatchStepReport {
  /** Per env: the step's info, or the reset info where the env was auto-reset. */
  infos: Info[];
  /** The last step's info of each episode that ended; null elsewhere. */
  finalInfos: (Info | null)[];
  /** Episodes that ended in this step with recorded statistics. */
  episodes: EpisodeRecord[];
}

/** Envs `offset .. offset + envs.length - 1` of a vector, writing into `views`. */
export class EnvBatch<O extends Observation = Observation> {
  private readonly size: number;

  constructor(
    private readonly envs: readonly Env<O>[],
    private readonly offset: number,
    private readonly views: BatchViews<O>,
  ) {
    if (envs.length === 0) throw new RangeError("EnvBatch: envs must not be empty");
    this.size = observationSize(envs[0].observationSpace);
  }

  /** Resets every env, env `offset + i` with `seed + offset + i` when a seed is given. */
  reset(seed: number | null): Info[] {
    return this.envs.map((env, i) => {
      const g = this.offset + i;
      const r = seed === null ? env.reset() : env.reset({ seed: seed + g });
      this.write(this.views.observations, g, r.observation, env);
      return r.info;
    });
  }

  /** Steps env `offset + i` with `actions[offset + i]`; auto-resets finished episodes. */
  step(): BatchStepReport {
    const { views } = this;
    const infos: Info[] = [];
    const finalInfos: (Info | null)[] = [];
    const episodes: EpisodeRecord[] = [];
    for (let i = 0; i < this.envs.length; i++) {
      const env = this.envs[i];
      const g = this.offset + i;
      const s = env.step(views.actions[g]);
      views.rewards[g] = s.reward;
      views.terminated[g] = s.terminated ? 1 : 0;
      views.truncated[g] = s.truncated ? 1 : 0;
      if (s.terminated || s.truncated) {
        this.write(views.finalObservations, g, s.observation, env);
        finalInfos.push(s.info);
        const ret = s.info.episodeReturn;
        const len = s.info.episodeLength;
        if (typeof ret === "number" && typeof len === "number") {
          episodes.push({ env: g, episodeReturn: ret, episodeLength: len });
        }
        const r = env.reset();
        this.write(views.observations, g, r.observation, env);
        infos.push(r.info);
      } else {
        this.write(views.observations, g, s.observation, env);
        finalInfos.push(null);
        infos.push(s.info);
      }
    }
    return { infos, finalInfos, episodes };
  }

  /** Closes every env of the batch. */
  close(): void {
    for (const env of this.envs) env.close?.();
  }

  private write(target: O, g: number, obs: O, env: Env<O>): void {
    if (obs.length !== this.size) {
      throw new RangeError(
        `${env.id} (env ${g}): observation must have ${this.size} elements, got ${obs.length}`,
      );
    }
    target.set(obs, g * this.size);
  }
}
