/**
 * The fused LTC recurrence kernels of the `js` backend (ncps `LTC` / `LTCCell`): whole-sequence
 * forward with the unfolded semi-implicit ODE solver, hand-written BPTT through time and the
 * unfolds, and an allocation-free streaming stepper, over Float32Array | Float64Array buffers.
 * Parameters use ncps-torch names and `[source, destination]` layouts (see ltcTypes.ts).
 */
export {
  type LtcSequenceGradInputs,
  type LtcSequenceGradOutputs,
  ltcSequenceBackward,
} from "./ltcBackward.js";
export {
  type LtcSaved,
  type LtcSequenceInputs,
  type LtcSequenceOutputs,
  ltcSequenceForward,
} from "./ltcForward.js";
export { createLtcPlan, type LtcPlan } from "./ltcPlan.js";
export { LtcStepper } from "./ltcStepper.js";
export {
  createLtcParamGrads,
  type LtcConfig,
  type LtcLstmGrads,
  type LtcLstmParams,
  type LtcMapping,
  type LtcParamGrads,
  type LtcParams,
} from "./ltcTypes.js";
