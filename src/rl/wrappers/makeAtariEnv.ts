/** `makeAtariEnv`: a registered pixel env wrapped in the DeepMind chain. */

import type { Env } from "../env.js";
import { type EnvOptions, makeEnv } from "../registry.js";
import { type DeepMindOptions, isUint8Env, wrapDeepMind } from "./atari.js";

/** Options of {@link makeAtariEnv}: the chain's switches plus the raw env's registry options. */
export interface AtariEnvOptions extends DeepMindOptions {
  /** Options passed to `makeEnv(id, env)`. */
  env?: EnvOptions;
}

/**
 * Builds `id` from the registry (e.g. `"PixelBreakout-v5"` or
 * `"PixelBreakout-NoFrameskip-v4"`) and wraps it in the DeepMind chain; see
 * {@link wrapDeepMind} for the wrappers and their order.
 */
export function makeAtariEnv(id: string, options: AtariEnvOptions = {}): Env<Uint8Array> {
  const { env: envOptions, ...chain } = options;
  const env = makeEnv(id, envOptions ?? {});
  if (!isUint8Env(env)) {
    throw new TypeError(
      `makeAtariEnv: ${id} must give uint8 frames, got ${env.observationSpace.dtype} observations`,
    );
  }
  return wrapDeepMind(env, chain);
}
