/**
 * What a training run is: environment, seed, model spec and PPO config. It is stored in
 * every checkpoint's `config.json`, so `--cont` can rebuild the same run and refuse a
 * checkpoint of another environment or model.
 */
import type { Env } from "../../rl/env.js";
import {
  checkPolicySpec,
  minatarSpec,
  ncpsAtariSpec,
  type PolicySpec,
  vectorCfCSpec,
} from "../../rl/models/index.js";
import {
  CARTPOLE_PRESET,
  MINATAR_PRESET,
  NCPS_ATARI_PRESET,
  PPO_DEFAULTS,
  type PPOConfig,
  REPEAT_AFTER_ME_PRESET,
  resolvePPOConfig,
} from "../../rl/ppo/index.js";
import { AutoNCP, Random, type WiringConfig } from "../../wirings/index.js";
import type { RunOverrides } from "./options.js";

/** The `config.json` of an `ncps atari` checkpoint. */
export interface RunConfig {
  /** Identifies the file. */
  format: "ncps-atari-run";
  /** File layout version. */
  version: 1;
  /** The registry id of the environment. */
  env: string;
  /** Seeds the weights, the env resets, action sampling and shuffling. */
  seed: number;
  /** The policy network. */
  model: PolicySpec;
  /** The complete PPO configuration. */
  ppo: PPOConfig;
}

/** The PPO preset for an environment id. */
export function ppoPresetFor(envId: string, pixels: boolean): Readonly<PPOConfig> {
  if (pixels) return NCPS_ATARI_PRESET;
  if (envId.startsWith("MinAtar/")) return MINATAR_PRESET;
  if (envId === "CartPole-v1") return CARTPOLE_PRESET;
  if (envId === "RepeatAfterMe-v0") return REPEAT_AFTER_ME_PRESET;
  return PPO_DEFAULTS;
}

/** True for image observations big enough for the ncps Conv-CfC (Atari frames, not MinAtar grids). */
export function isPixelEnv(env: Env): boolean {
  const s = env.observationSpace;
  return s.shape.length === 3 && s.dtype === "uint8" && s.shape[0] >= 32 && s.shape[1] >= 32;
}

/** A wiring config from `auto-ncp:<units>,<motor>[,<sparsity>]` or `random:<units>[,<sparsity>]`. */
export function parseWiring(text: string, seed: number): WiringConfig {
  const match = /^(auto-ncp|random):([0-9.,\s]+)$/.exec(text.trim());
  const args = match ? match[2].split(",").map((s) => Number(s.trim())) : [];
  const bad = () =>
    new Error(
      `--wiring expects auto-ncp:<units>,<motor>[,<sparsity>] or random:<units>[,<sparsity>], got '${text}'`,
    );
  if (match === null || args.some((v) => !Number.isFinite(v))) throw bad();
  if (match[1] === "auto-ncp") {
    if (args.length < 2 || args.length > 3) throw bad();
    return new AutoNCP(args[0], args[1], {
      ...(args[2] !== undefined && { sparsityLevel: args[2] }),
      seed: 22222 + seed,
    }).getConfig();
  }
  if (args.length < 1 || args.length > 2) throw bad();
  return new Random(args[0], {
    ...(args[1] !== undefined && { sparsityLevel: args[1] }),
    randomSeed: 1111 + seed,
  }).getConfig();
}

/** The model spec for env `envId` (instance `env`) from the preset and the model overrides. */
export function modelSpecFor(envId: string, env: Env, o: RunOverrides, seed: number): PolicySpec {
  const shape = env.observationSpace.shape;
  const n = env.actionSpace.n;
  const units = o.wiring !== undefined ? parseWiring(o.wiring, seed) : (o.units ?? 64);
  if (isPixelEnv(env))
    return ncpsAtariSpec(shape, n, { units, ...(o.channels && { channels: o.channels }) });
  if (o.channels !== undefined) {
    throw new Error(
      `--channels applies to pixel environments only; ${envId} has [${shape.join(", ")}] observations`,
    );
  }
  if (shape.length === 3) return minatarSpec(shape, n, { units });
  if (shape.length === 1) return vectorCfCSpec(shape, n, { units });
  throw new Error(`${envId}: no model for observations of shape [${shape.join(", ")}]`);
}

/**
 * The run for registry id `envId` (whose instance `env` is; wrappers report their inner env's
 * id, so the registry id is passed on its own) with `overrides` on top of the presets.
 */
export function buildRunConfig(envId: string, env: Env, overrides: RunOverrides): RunConfig {
  const seed = overrides.seed ?? 0;
  const preset = ppoPresetFor(envId, isPixelEnv(env));
  return {
    format: "ncps-atari-run",
    version: 1,
    env: envId,
    seed,
    model: modelSpecFor(envId, env, overrides, seed),
    ppo: resolvePPOConfig(ppoOverrides(overrides), preset),
  };
}

function ppoOverrides(o: RunOverrides): Partial<PPOConfig> {
  const out: Partial<PPOConfig> = {};
  if (o.numEnvs !== undefined) out.numEnvs = o.numEnvs;
  if (o.rolloutLength !== undefined) out.rolloutLength = o.rolloutLength;
  if (o.minibatchSize !== undefined) out.minibatchSize = o.minibatchSize;
  if (o.numEpochs !== undefined) out.numEpochs = o.numEpochs;
  if (o.lr !== undefined) out.lr = o.lr;
  return out;
}

/** Checks a `config.json` read from a checkpoint; throws naming what is wrong. */
export function checkRunConfig(value: unknown, where: string): RunConfig {
  const c = value as Partial<RunConfig> | null;
  if (typeof c !== "object" || c === null || c.format !== "ncps-atari-run" || c.version !== 1) {
    throw new Error(
      `${where}: config.json is not an ncps atari run (format "ncps-atari-run", version 1)`,
    );
  }
  if (typeof c.env !== "string") throw new Error(`${where}: config.json has no env id`);
  if (!Number.isInteger(c.seed) || (c.seed as number) < 0)
    throw new Error(`${where}: config.json seed must be a non-negative integer`);
  return {
    format: "ncps-atari-run",
    version: 1,
    env: c.env,
    seed: c.seed as number,
    model: checkPolicySpec(c.model),
    ppo: resolvePPOConfig(c.ppo as Partial<PPOConfig>),
  };
}

/** The path and the two values of the first difference between two JSON values, or null. */
export function firstDifference(
  a: unknown,
  b: unknown,
  path = "",
): { path: string; a: unknown; b: unknown } | null {
  if (Object.is(a, b)) return null;
  if (
    typeof a === "object" &&
    a !== null &&
    typeof b === "object" &&
    b !== null &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
    for (const k of keys) {
      const d = firstDifference(ra[k], rb[k], path === "" ? k : `${path}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return { path: path || "(root)", a, b };
}

/**
 * The run to continue: the checkpoint's, unless the flags ask for something else, which is an
 * error naming the first difference (a checkpoint of another environment or model).
 */
export function continuedRunConfig(
  saved: RunConfig,
  envId: string,
  env: Env,
  overrides: RunOverrides,
  where: string,
): RunConfig {
  if (saved.env !== envId) {
    throw new Error(
      `${where} was trained on ${saved.env}, not on ${envId}; pass --env ${saved.env} to continue it`,
    );
  }
  const seed = overrides.seed ?? saved.seed;
  const modelFlags =
    overrides.units !== undefined ||
    overrides.wiring !== undefined ||
    overrides.channels !== undefined;
  const requested: RunConfig = {
    ...saved,
    seed,
    model: modelFlags ? modelSpecFor(envId, env, overrides, seed) : saved.model,
    ppo: resolvePPOConfig(ppoOverrides(overrides), saved.ppo),
  };
  const diff = firstDifference(saved, requested);
  if (diff !== null) {
    throw new Error(
      `${where} holds another run: ${diff.path} is ${JSON.stringify(diff.a)} there, the flags ask for ${JSON.stringify(diff.b)}`,
    );
  }
  const live = modelSpecFor(envId, env, {}, seed);
  const shape = firstDifference(saved.model.observationShape, live.observationShape);
  if (shape !== null || saved.model.numActions !== live.numActions) {
    throw new Error(
      `${where}: its model was built for other observations or actions than ${envId} has`,
    );
  }
  return requested;
}
