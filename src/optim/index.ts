/** Optimisers, gradient clipping and learning-rate schedules with torch 1.13 semantics. */
export {
  ADAM_DEFAULTS,
  Adam,
  type AdamHyperparameters,
  type AdamParamState,
  type AdamStateDict,
  AdamW,
} from "./adam.js";
export { clipGradNorm, clipGradValue } from "./clip.js";
export {
  CosineAnnealingLR,
  type CosineAnnealingLROptions,
  ExponentialLR,
  LinearLR,
  type LinearLROptions,
  LRScheduler,
  type LRSchedulerStateDict,
  type LrGroups,
  StepLR,
  type StepLROptions,
} from "./lrScheduler.js";
export {
  type LearningRate,
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupSpec,
  type SavedParamGroup,
} from "./optimizer.js";
export {
  SGD,
  SGD_DEFAULTS,
  type SGDHyperparameters,
  type SGDParamState,
  type SGDStateDict,
} from "./sgd.js";
export type { GradLike, ParamLike } from "./types.js";
