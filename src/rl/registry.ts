/**
 * The environment registry: `makeEnv("MinAtar/Breakout-v1", { stickyActionProb: 0.1 })`.
 *
 * Built-in ids: `CartPole-v1` (truncated at 500 steps, as Gymnasium registers it),
 * `RepeatAfterMe-v0`, and `MinAtar/<Game>-v0` (all six actions) / `-v1` (the game's minimal
 * action set) for Breakout, Asterix, Freeway, Seaquest and SpaceInvaders. MinAtar itself
 * registers no time limit; here MinAtar ids truncate after 10 000 steps unless
 * `maxEpisodeSteps` says otherwise (`Infinity` for none).
 */
import { PIXEL_BREAKOUT_NOFRAMESKIP_V4, PIXEL_BREAKOUT_V5 } from "./breakout/pixelBreakout.js";
import { makePixelBreakout, PIXEL_BREAKOUT_ENV_OPTIONS } from "./breakout/registration.js";
import { CartPole } from "./classic/cartpole.js";
import { RepeatAfterMe } from "./classic/repeatAfterMe.js";
import type { Env } from "./env.js";
import { MinAtarEnv } from "./minatar/gymEnv.js";
import type { MinAtarGameName } from "./minatar/types.js";
import { makePixelBreakoutDeepMind, PIXEL_BREAKOUT_DEEPMIND_V5 } from "./wrappers/atari.js";

/** Options `makeEnv` understands; each id accepts a subset (unknown keys are errors). */
export interface EnvOptions {
  /** MinAtar: probability of repeating the previous action (default 0.1). */
  stickyActionProb?: number;
  /** MinAtar: whether Asterix, Seaquest and Space Invaders speed up (default true). */
  difficultyRamping?: boolean;
  /** Truncation cap (CartPole 500, MinAtar 10 000); `Infinity` for none. */
  maxEpisodeSteps?: number;
}

/** Builds an environment from already-checked options. */
export type EnvFactory = (options: EnvOptions) => Env;

interface Registration {
  factory: EnvFactory;
  acceptedOptions: readonly (keyof EnvOptions)[];
}

const registry = new Map<string, Registration>();

/**
 * Registers `factory` under `id`; `makeEnv` rejects option keys not in `acceptedOptions`.
 * Throws when `id` is empty or already taken.
 */
export function registerEnv(
  id: string,
  factory: EnvFactory,
  acceptedOptions: readonly (keyof EnvOptions)[] = [],
): void {
  if (typeof id !== "string" || id.length === 0) {
    throw new TypeError(`registerEnv: id must be a non-empty string, got ${JSON.stringify(id)}`);
  }
  if (typeof factory !== "function") {
    throw new TypeError(`registerEnv: factory must be a function, got ${typeof factory}`);
  }
  if (registry.has(id))
    throw new Error(`registerEnv: id ${JSON.stringify(id)} is already registered`);
  registry.set(id, { factory, acceptedOptions: [...acceptedOptions] });
}

/** The registered ids, sorted. */
export function listEnvs(): string[] {
  return [...registry.keys()].sort();
}

/** A new environment for `id`; throws for unknown ids (listing the known ones) or option keys. */
export function makeEnv(id: string, options: EnvOptions = {}): Env {
  const reg = registry.get(id);
  if (reg === undefined) {
    throw new RangeError(
      `makeEnv: unknown environment id ${JSON.stringify(id)}; known ids: ${listEnvs().join(", ")}`,
    );
  }
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`makeEnv(${id}): options must be an object, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!(reg.acceptedOptions as readonly string[]).includes(key)) {
      const accepted = reg.acceptedOptions.length > 0 ? reg.acceptedOptions.join(", ") : "none";
      throw new RangeError(
        `makeEnv(${id}): unknown option ${JSON.stringify(key)}; accepted options: ${accepted}`,
      );
    }
  }
  return reg.factory(options);
}

const MINATAR_IDS: readonly [string, MinAtarGameName][] = [
  ["Asterix", "asterix"],
  ["Breakout", "breakout"],
  ["Freeway", "freeway"],
  ["Seaquest", "seaquest"],
  ["SpaceInvaders", "space_invaders"],
];

registerEnv("CartPole-v1", (o) => new CartPole({ maxEpisodeSteps: o.maxEpisodeSteps }), [
  "maxEpisodeSteps",
]);
registerEnv("RepeatAfterMe-v0", () => new RepeatAfterMe());
for (const [title, game] of MINATAR_IDS) {
  for (const minimalActions of [false, true]) {
    registerEnv(
      `MinAtar/${title}-${minimalActions ? "v1" : "v0"}`,
      (o) => new MinAtarEnv(game, { ...o, minimalActions }),
      ["stickyActionProb", "difficultyRamping", "maxEpisodeSteps"],
    );
  }
}
for (const id of [PIXEL_BREAKOUT_V5, PIXEL_BREAKOUT_NOFRAMESKIP_V4] as const) {
  registerEnv(id, (o) => makePixelBreakout(id, o), PIXEL_BREAKOUT_ENV_OPTIONS);
}
registerEnv(
  PIXEL_BREAKOUT_DEEPMIND_V5,
  (o) => makePixelBreakoutDeepMind(o),
  PIXEL_BREAKOUT_ENV_OPTIONS,
);
