/** Actor-critic policy networks for the RL examples: Conv-CfC, MinAtar CfC, vector CfC, MLP. */
export { ActorCritic, type ActorCriticOptions } from "./actorCritic.js";
export {
  minatarSpec,
  mlpSpec,
  ncpsAtariSpec,
  type PresetOptions,
  vectorCfCSpec,
} from "./presets.js";
export {
  type CfCCoreSpec,
  type ConvLayerSpec,
  type ConvTrunkSpec,
  type CoreSpec,
  checkPolicySpec,
  type DenseTrunkSpec,
  type NoCoreSpec,
  type PolicySpec,
  type TrunkSpec,
} from "./spec.js";
