/**
 * The fused CfC recurrence kernels of the `js` backend: whole-sequence forward, hand-written
 * BPTT, and an allocation-free streaming step, over Float32Array | Float64Array buffers.
 * See cfcTypes.ts for the parameter layout (one code path for fully connected and wired cells).
 */
export {
  type CfcSequenceGradInputs,
  type CfcSequenceGradOutputs,
  cfcSequenceBackward,
} from "./cfcBackward.js";
export {
  type CfcLayerTrace,
  type CfcSaved,
  type CfcTrace,
  cfcForwardStep,
  cfcSequenceForward,
} from "./cfcForward.js";
export { type CfcStepWorkspace, cfcStep, createCfcStepWorkspace } from "./cfcStep.js";
export {
  type CfcGrads,
  type CfcLayerGrads,
  type CfcLayerParams,
  type CfcLinear,
  type CfcMode,
  type CfcParams,
  type CfcPlan,
  type CfcSequenceInputs,
  type CfcSequenceOutputs,
  createCfcGrads,
  createCfcPlan,
} from "./cfcTypes.js";
