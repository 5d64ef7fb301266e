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
  /**
   * Advances every sample by one step.
   *
   * @param x `[B, C]` inputs of this step.
   * @param elapsed elapsed time: one number for all samples, `[B]` per sample, or null (1.0).
   * @param hIn `[B, H]` current state; may be the same buffer as `hOut`.
   * @param hOut `[B, H]` receives the next state.
   * @param readout `[B, M]` receives the mapped motor neurons.
   * @param cIn `[B, H]` LSTM cell state (mixed memory only, else null); may equal `cOut`.
   * @param cOut `[B, H]` receives the next cell state (mixed memory only, else null).
   */
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

/**
 * Whole-sequence CfC and LTC kernels with their BPTT, and single-step kernel factories. Buffers
 * are row-major typed arrays of the parameters' element type.
 */
export interface FusedRecurrences {
  /** Runs a CfC over `[B, T, C]` inputs into `outputs`; with `save`, returns what backward needs. */
  cfcSequenceForward(
    params: CfcParams,
    inputs: CfcSequenceInputs,
    outputs: CfcSequenceOutputs,
    save: boolean,
  ): FusedSaved | null;
  /** Backpropagates through a saved CfC forward, writing parameter, input and state gradients. */
  cfcSequenceBackward(
    saved: FusedSaved,
    gradIn: CfcSequenceGradInputs,
    out: CfcSequenceGradOutputs,
  ): void;
  /** A streaming CfC for `batch` samples over live references to `params`. */
  createCfcStep(params: CfcParams, batch: number): CfcStepKernel;
  /** Runs an LTC over `[B, T, C]` inputs into `outputs`; with `save`, returns what backward needs. */
  ltcSequenceForward(
    config: LtcConfig,
    params: LtcParams,
    inputs: LtcSequenceInputs,
    outputs: LtcSequenceOutputs,
    save: boolean,
  ): FusedSaved | null;
  /** Backpropagates through a saved LTC forward, writing parameter, input and state gradients. */
  ltcSequenceBackward(
    saved: FusedSaved,
    gradIn: LtcSequenceGradInputs,
    out: LtcSequenceGradOutputs,
  ): void;
  /** A streaming LTC for `batch` samples over live references to `params`. */
  createLtcStep(config: LtcConfig, params: LtcParams, batch: number): LtcStepKernel;
}
