/**
 * The fused recurrences: whole CfC and LTC sequences (and their BPTT) in one kernel call, and
 * allocation-free single-step kernels. A kernel set provides them as `Kernels.fused`; the `js`
 * set always does, and a set without them (or without one of them) falls back to `js`.
 */
import type { CfcSequenceGradInputs, CfcSequenceGradOutputs } from "./js/cfcBackward.js";
import type { CfcParams, CfcSequenceInputs, CfcSequenceOutputs } from "./js/cfcTypes.js";
import type { LtcSequenceGradInputs, LtcSequenceGradOutputs } from "./js/ltcBackward.js";
import type { LtcSequenceInputs, LtcSequenceOutputs } from "./js/ltcForward.js";
import type { LtcConfig, LtcParams } from "./js/ltcTypes.js";
import type { FloatArray } from "./kernels.js";

/** What a forward call saved for its backward: opaque, only its own kernel set reads it. */
export type FusedSaved = object;

/** A streaming CfC for a fixed batch: `step` advances `h` (and `c`) and writes `readout`. */
export interface CfcStepKernel {
  /** `[B, H]` carried state (write into it to start elsewhere). */
  readonly h: FloatArray;
  /** `[B, H]` LSTM cell state with mixed memory, else null. */
  readonly c: FloatArray | null;
  /** `[B, H_last]` readout of the latest step. */
  readonly readout: FloatArray;
  /** x `[B, C]` and timespans `[B]` (or null for 1.0), of the parameters' element type. */
  step(x: FloatArray, timespans: FloatArray | null): void;
}

/** A streaming LTC for a fixed batch (see `LtcStepper` in js/ltcStepper.ts for the arguments). */
export interface LtcStepKernel {
  step(
    x: FloatArray,
    elapsed: number | FloatArray | null,
    hIn: FloatArray,
    hOut: FloatArray,
    readout: FloatArray,
    cIn: FloatArray | null,
    cOut: FloatArray | null,
  ): void;
}

export interface FusedRecurrences {
  cfcSequenceForward(
    params: CfcParams,
    inputs: CfcSequenceInputs,
    outputs: CfcSequenceOutputs,
    save: boolean,
  ): FusedSaved | null;
  cfcSequenceBackward(
    saved: FusedSaved,
    gradIn: CfcSequenceGradInputs,
    out: CfcSequenceGradOutputs,
  ): void;
  createCfcStep(params: CfcParams, batch: number): CfcStepKernel;
  ltcSequenceForward(
    config: LtcConfig,
    params: LtcParams,
    inputs: LtcSequenceInputs,
    outputs: LtcSequenceOutputs,
    save: boolean,
  ): FusedSaved | null;
  ltcSequenceBackward(
    saved: FusedSaved,
    gradIn: LtcSequenceGradInputs,
    out: LtcSequenceGradOutputs,
  ): void;
  createLtcStep(config: LtcConfig, params: LtcParams, batch: number): LtcStepKernel;
}
