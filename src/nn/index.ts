/** Neural-network modules: the layers, the liquid neurons (CfC, LTC) and losses. */
export { Activation, type ActivationName } from "./activation.js";
export { CfC, type CfCOptions } from "./cfc.js";
export { CfCCell, type CfCCellOptions, type CfcMode } from "./cfcCell.js";
export { Conv2d, type Conv2dLayerOptions } from "./conv2d.js";
export { Dropout } from "./dropout.js";
export {
  orthogonal,
  type RandomSource,
  torchDefaultUniform,
  uniform,
  xavierUniform,
} from "./init.js";
export { Linear, type LinearOptions } from "./linear.js";
export { bceWithLogitsLoss, crossEntropyLoss, mseLoss, type Reduction } from "./losses.js";
export { LSTMCell } from "./lstmCell.js";
export { LTC, type LTCOptions } from "./ltc.js";
export { LTCCell, type LTCCellOptions, type LtcMapping } from "./ltcCell.js";
export { Module, type ModuleConfig, type StateDict, type StateEntry } from "./module.js";
export type { LayerOptions } from "./options.js";
export { CfcStepper } from "./recurrent/cfcStepper.js";
export { LtcSequenceStepper } from "./recurrent/ltcStepper.js";
export type { RecurrentState, SequenceCall } from "./recurrent/sequenceIO.js";
export { type Layer, Sequential } from "./sequential.js";
export { WiredCfCCell } from "./wiredCfcCell.js";
