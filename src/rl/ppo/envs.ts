/** Building the environments a trainer steps, with whole-episode statistics on each. */
import type { Env, Observation } from "../env.js";
import { type EnvOptions, makeEnv } from "../registry.js";
import { RecordEpisodeStatistics } from "../wrappers/recordEpisodeStatistics.js";
import { Wrapper } from "../wrappers/wrapper.js";

/** True when `env` or a wrapper below it already records episode statistics. */
export function recordsEpisodes(env: Env<Observation>): boolean {
  let e: Env<Observation> = env;
  for (;;) {
    if (e instanceof RecordEpisodeStatistics) return true;
    if (!(e instanceof Wrapper)) return false;
    e = e.env;
  }
}

/** `env` itself when it reports `info.episodeReturn`, else `env` wrapped so that it does. */
export function withEpisodeStatistics(env: Env): Env {
  return recordsEpisodes(env) ? env : new RecordEpisodeStatistics(env);
}

/** `count` envs `makeEnv(id, options)`, each reporting its finished episodes. */
export function makeTrainingEnvs(id: string, count: number, options: EnvOptions = {}): Env[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(
      `makeTrainingEnvs: count must be a positive integer, got ${String(count)}`,
    );
  }
  return Array.from({ length: count }, () => withEpisodeStatistics(makeEnv(id, options)));
}
