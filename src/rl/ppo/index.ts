/** Recurrent PPO: GAE, the clipped objective with value clipping, entropy and adaptive KL, sequence minibatches. */
export { updateKlCoeff } from "./adaptiveKl.js";
export {
  greedyAction,
  logSoftmaxRow,
  sampleFromLogProbs,
  type UniformSource,
} from "./categorical.js";
export {
  type AdvantageNormalization,
  CARTPOLE_PRESET,
  MINATAR_PRESET,
  NCPS_ATARI_PRESET,
  PPO_DEFAULTS,
  type PPOConfig,
  REPEAT_AFTER_ME_PRESET,
  resolvePPOConfig,
  type ValueClipMode,
} from "./config.js";
export { makeTrainingEnvs, recordsEpisodes, withEpisodeStatistics } from "./envs.js";
export { EpisodeWindow } from "./episodeStats.js";
export { computeGae, type GaeInput, type GaeResult } from "./gae.js";
export { type PPOLossCoefficients, type PPOLossStats, ppoLoss } from "./loss.js";
export type { ObservationSequences, PolicyOutput, RecurrentPolicy } from "./policy.js";
export {
  assembleMinibatch,
  type Minibatch,
  RolloutBuffer,
  type RolloutShape,
  standardize,
} from "./rollout.js";
export {
  chopIntoSequences,
  minibatchCount,
  type SequenceChunk,
  splitIntoGroups,
} from "./sequences.js";
export {
  type IterationReport,
  PPOTrainer,
  type PPOTrainerOptions,
  type PPOTrainerState,
  type UpdateStats,
} from "./trainer.js";
