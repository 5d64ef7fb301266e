/**
 * PPO hyper-parameters, their validation, and the presets: the ncps Atari example's rllib
 * configuration, and tuned settings for MinAtar, CartPole and RepeatAfterMe.
 */

/** How the value loss is limited. */
export type ValueClipMode =
  /** rllib: the squared error is clamped to `[0, vfClipParam]`. */
  | "rllib"
  /** PPO2/CleanRL: the new value may move at most `vfClipParam` from the old one (pessimistic max). */
  | "ppo2"
  /** Plain squared error. */
  | "none";

/** Where advantages are standardised (zero mean, unit variance). */
export type AdvantageNormalization = "batch" | "minibatch" | "none";

/** Everything that decides a PPO run besides the model, the environment and the seed. */
export interface PPOConfig {
  /** Environments stepped together. */
  numEnvs: number;
  /** Steps per environment per iteration (rllib's `rollout_fragment_length`). */
  rolloutLength: number;
  /** Discount factor. */
  gamma: number;
  /** GAE lambda. */
  gaeLambda: number;
  /** Surrogate clipping: the ratio is clipped to `[1 - clipParam, 1 + clipParam]`. */
  clipParam: number;
  /** See {@link ValueClipMode}. */
  valueClip: ValueClipMode;
  /** The bound used by `valueClip`. */
  vfClipParam: number;
  /** Weight of the value loss. */
  vfCoeff: number;
  /** Weight of the entropy bonus. */
  entropyCoeff: number;
  /** Initial weight of the KL(old || new) penalty; 0 switches the penalty off. */
  klCoeff: number;
  /** The KL the adaptive coefficient steers towards (x1.5 above twice it, x0.5 below half). */
  klTarget: number;
  /** Timesteps per minibatch (rllib's `sgd_minibatch_size`). */
  minibatchSize: number;
  /** Passes over each rollout (rllib's `num_sgd_iter`). */
  numEpochs: number;
  /** Longest training sequence; recurrent state is carried from the rollout between chunks. */
  maxSeqLen: number;
  /** Adam learning rate. */
  lr: number;
  /** Anneal the learning rate linearly to 0 over `totalSteps` (CleanRL); needs totalSteps. */
  annealLr: boolean;
  /** Environment steps the schedule spans (only used when `annealLr`). */
  totalSteps: number;
  /** Adam epsilon. */
  adamEps: number;
  /** Total gradient 2-norm limit per minibatch step; null for none. */
  maxGradNorm: number | null;
  /** See {@link AdvantageNormalization}. */
  normalizeAdvantages: AdvantageNormalization;
}

/** Defaults shared by the presets (CleanRL's PPO where a preset says nothing). */
export const PPO_DEFAULTS: Readonly<PPOConfig> = {
  numEnvs: 8,
  rolloutLength: 128,
  gamma: 0.99,
  gaeLambda: 0.95,
  clipParam: 0.2,
  valueClip: "ppo2",
  vfClipParam: 0.2,
  vfCoeff: 0.5,
  entropyCoeff: 0.01,
  klCoeff: 0,
  klTarget: 0.01,
  minibatchSize: 256,
  numEpochs: 4,
  maxSeqLen: 20,
  lr: 2.5e-4,
  annealLr: false,
  totalSteps: 0,
  adamEps: 1e-5,
  maxGradNorm: 0.5,
  normalizeAdvantages: "minibatch",
};

/**
 * The ncps Atari example (`examples/atari_ppo.py`, rllib PPO): gamma 0.99, lambda 0.95,
 * kl_coeff 0.5, clip 0.1, vf_clip 10, entropy 0.01, fragment 100, minibatch 500, 10 epochs,
 * max_seq_len 20; rllib's defaults for what it leaves unset (lr 5e-5, vf_loss_coeff 1,
 * kl_target 0.01, no gradient clipping, whole-batch advantage standardisation, Adam eps 1e-8).
 * 40 envs x 100 steps give rllib's ~4 000 steps per iteration.
 */
export const NCPS_ATARI_PRESET: Readonly<PPOConfig> = {
  ...PPO_DEFAULTS,
  numEnvs: 40,
  rolloutLength: 100,
  gamma: 0.99,
  gaeLambda: 0.95,
  klCoeff: 0.5,
  klTarget: 0.01,
  clipParam: 0.1,
  valueClip: "rllib",
  vfClipParam: 10,
  vfCoeff: 1,
  entropyCoeff: 0.01,
  minibatchSize: 500,
  numEpochs: 10,
  maxSeqLen: 20,
  lr: 5e-5,
  adamEps: 1e-8,
  maxGradNorm: null,
  normalizeAdvantages: "batch",
};

/** MinAtar (spec rl.md 6.3): 16 envs x 128 steps, 4 epochs of 4 minibatches, clip 0.2, lr 1e-3 annealed. */
export const MINATAR_PRESET: Readonly<PPOConfig> = {
  ...PPO_DEFAULTS,
  numEnvs: 16,
  rolloutLength: 128,
  minibatchSize: 512,
  numEpochs: 4,
  lr: 1e-3,
  annealLr: true,
  totalSteps: 1_000_000,
};

/**
 * CartPole-v1: CleanRL's `ppo.py` settings with 8 envs, 10 epochs per rollout and a learning
 * rate of 5e-3 annealed over 150k steps. Measured with a CfC(32, backbone 64) policy: the mean of
 * the last 20 episodes reached 195 on every one of seeds 1-80 (native kernels, median ~20k
 * steps, slowest 71k) and 1-20 (js), where CleanRL's 4 epochs with lr 1e-2 made it on about half
 * (a CfC policy barely moves at CleanRL's 2.5e-4 within that budget).
 */
export const CARTPOLE_PRESET: Readonly<PPOConfig> = {
  ...PPO_DEFAULTS,
  numEnvs: 8,
  rolloutLength: 128,
  minibatchSize: 256,
  numEpochs: 10,
  lr: 5e-3,
  annealLr: true,
  totalSteps: 150_000,
};

/**
 * RepeatAfterMe: rllib's LSTM example (`repeatafterme-ppo-lstm.yaml`): gamma 0.9, lr 3e-4,
 * 20 envs, 5 epochs, max_seq_len 20.
 */
export const REPEAT_AFTER_ME_PRESET: Readonly<PPOConfig> = {
  ...PPO_DEFAULTS,
  numEnvs: 20,
  rolloutLength: 100,
  gamma: 0.9,
  minibatchSize: 500,
  numEpochs: 5,
  lr: 3e-4,
  valueClip: "none",
};

const MODES: Record<string, readonly string[]> = {
  valueClip: ["rllib", "ppo2", "none"],
  normalizeAdvantages: ["batch", "minibatch", "none"],
};

function fail(key: string, expected: string, value: unknown): never {
  throw new RangeError(`PPOConfig.${key} must be ${expected}, got ${JSON.stringify(value)}`);
}

/**
 * A complete, checked config: `overrides` on top of `base` (default {@link PPO_DEFAULTS}).
 * Unknown keys and out-of-range values throw, naming the key.
 */
export function resolvePPOConfig(
  overrides: Partial<PPOConfig> = {},
  base: Readonly<PPOConfig> = PPO_DEFAULTS,
): PPOConfig {
  if (typeof overrides !== "object" || overrides === null) {
    throw new TypeError(`resolvePPOConfig: overrides must be an object, got ${String(overrides)}`);
  }
  for (const key of Object.keys(overrides)) {
    if (!(key in PPO_DEFAULTS)) {
      throw new RangeError(
        `PPOConfig: unknown key ${JSON.stringify(key)}; known keys: ${Object.keys(PPO_DEFAULTS).join(", ")}`,
      );
    }
  }
  const c: PPOConfig = { ...base, ...overrides };
  const positiveInt = [
    "numEnvs",
    "rolloutLength",
    "minibatchSize",
    "numEpochs",
    "maxSeqLen",
  ] as const;
  for (const key of positiveInt) {
    if (!Number.isInteger(c[key]) || c[key] < 1) fail(key, "a positive integer", c[key]);
  }
  const unit = ["gamma", "gaeLambda"] as const;
  for (const key of unit) {
    if (typeof c[key] !== "number" || !(c[key] >= 0 && c[key] <= 1)) fail(key, "in [0, 1]", c[key]);
  }
  const nonNegative = [
    "clipParam",
    "vfClipParam",
    "vfCoeff",
    "entropyCoeff",
    "klCoeff",
    "klTarget",
    "lr",
    "adamEps",
  ] as const;
  for (const key of nonNegative) {
    if (typeof c[key] !== "number" || !Number.isFinite(c[key]) || c[key] < 0) {
      fail(key, "a finite number >= 0", c[key]);
    }
  }
  if (c.maxGradNorm !== null && !(typeof c.maxGradNorm === "number" && c.maxGradNorm > 0)) {
    fail("maxGradNorm", "a number > 0 or null", c.maxGradNorm);
  }
  if (typeof c.annealLr !== "boolean") fail("annealLr", "a boolean", c.annealLr);
  if (!Number.isInteger(c.totalSteps) || c.totalSteps < 0) {
    fail("totalSteps", "a non-negative integer", c.totalSteps);
  }
  if (c.annealLr && c.totalSteps < 1)
    fail("totalSteps", "positive when annealLr is on", c.totalSteps);
  for (const [key, allowed] of Object.entries(MODES)) {
    const v = c[key as keyof PPOConfig];
    if (typeof v !== "string" || !allowed.includes(v)) fail(key, `one of ${allowed.join(", ")}`, v);
  }
  return c;
}
