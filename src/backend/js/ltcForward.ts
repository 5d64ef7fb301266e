/**
 * The fused LTC sequence forward (ncps `LTC.forward`, batch-first): the time loop, the
 * optional mixed-memory LSTM, the ODE unfolds and the readout in one call, optionally saving
 * what {@link ltcSequenceBackward} needs (O(B·T·unfolds·H) values; synapse activations are
 * recomputed in backward instead of stored).
 */
import type { FloatArray } from "../kernels.js";
import {
  cellForward,
  createCellScratch,
  fillCmOverDelta,
  fromBatchInner,
  gatherInputs,
  mapInputs,
  toBatchInner,
  writeReadout,
} from "./ltcCell.js";
import { MixedMemorySequence } from "./ltcMixedMemory.js";
import { createLtcPlan, type LtcPlan } from "./ltcPlan.js";
import {
  checkInteger,
  checkLength,
  checkOptional,
  type LtcConfig,
  type LtcParams,
} from "./ltcTypes.js";

/** Inputs of a sequence call; every buffer is batch-first. */
export interface LtcSequenceInputs {
  batch: number;
  steps: number;
  /** `[B, T, C]` */
  x: FloatArray;
  /** `[B, T]` elapsed time per sample and step, or null for 1.0 everywhere. */
  timespans: FloatArray | null;
  /** `[B, H]` initial state, or null for zeros. */
  h0: FloatArray | null;
  /** `[B, H]` initial LSTM cell state (mixed memory only), or null for zeros. */
  c0: FloatArray | null;
}

/** Output buffers of a sequence call (overwritten). */
export interface LtcSequenceOutputs {
  /** `[B, T, M]` mapped motor neurons of every step. */
  readout: FloatArray;
  /** `[B, H]` final state. */
  hFinal: FloatArray;
  /** `[B, H]` final LSTM cell state with mixed memory, else null. */
  cFinal: FloatArray | null;
}

/**
 * What the forward pass keeps for backward. Opaque to callers; it references `params`,
 * which must not change before {@link ltcSequenceBackward} runs.
 */
export interface LtcSaved {
  readonly params: LtcParams;
  readonly plan: LtcPlan;
  readonly batch: number;
  readonly steps: number;
  /** Raw inputs, `[T][C][B]`. */
  readonly inputs: Float64Array;
  /** Elapsed times `[T][B]`, or null (1.0). */
  readonly elapsed: Float64Array | null;
  /** v_0..v_U of every step, `[T][U+1][H][B]` (v_0 is the state entering the cell). */
  readonly states: Float64Array;
  /** Solver denominators den + ε of every unfold, `[T][U][H][B]`. */
  readonly dens: Float64Array;
  /** The mixed-memory LSTM with its saved gates, or null. */
  readonly mixed: MixedMemorySequence | null;
}

/** Checks the inputs and outputs of a sequence call against a configuration. */
function checkSequenceBuffers(
  config: LtcConfig,
  inputs: LtcSequenceInputs,
  outputs: LtcSequenceOutputs,
): void {
  const { batch, steps } = inputs;
  checkInteger("inputs.batch", batch, 1);
  checkInteger("inputs.steps", steps, 1);
  const { units: h, inputSize: c, motorSize: m, mixedMemory } = config;
  checkLength("inputs.x", inputs.x, batch * steps * c);
  if (inputs.timespans !== null) checkLength("inputs.timespans", inputs.timespans, batch * steps);
  if (inputs.h0 !== null) checkLength("inputs.h0", inputs.h0, batch * h);
  if (inputs.c0 !== null) {
    if (!mixedMemory)
      throw new TypeError("inputs.c0: expected null without mixedMemory, got a buffer");
    checkLength("inputs.c0", inputs.c0, batch * h);
  }
  checkLength("outputs.readout", outputs.readout, batch * steps * m);
  checkLength("outputs.hFinal", outputs.hFinal, batch * h);
  checkOptional("outputs.cFinal", outputs.cFinal, mixedMemory, batch * h);
}

/**
 * Runs an LTC over a whole sequence. Writes `outputs`; returns the saved activations when
 * `save` is true (for {@link ltcSequenceBackward}), else null.
 */
export function ltcSequenceForward(
  config: LtcConfig,
  params: LtcParams,
  inputs: LtcSequenceInputs,
  outputs: LtcSequenceOutputs,
  save: boolean,
): LtcSaved | null {
  const plan = createLtcPlan(config, params);
  checkSequenceBuffers(config, inputs, outputs);
  const { batch, steps, x, timespans } = inputs;
  const { units: h, inputSize: c, motorSize: m, odeUnfolds: unfolds } = config;
  const hb = h * batch;
  const stepStates = (unfolds + 1) * hb;
  const stepDens = unfolds * hb;
  // Without `save`, one step of each buffer is reused for every step.
  const kept = save ? steps : 1;
  const raw = new Float64Array(kept * c * batch);
  const elapsed = timespans === null ? null : new Float64Array(kept * batch);
  const states = new Float64Array(kept * stepStates);
  const dens = save ? new Float64Array(steps * stepDens) : null;
  const scratch = createCellScratch(plan, batch);
  const mixed =
    params.lstm === null
      ? null
      : new MixedMemorySequence(config, params.lstm, batch, kept, inputs.c0);

  if (inputs.h0 !== null) toBatchInner(h, batch, inputs.h0, states, 0);
  for (let t = 0; t < steps; t++) {
    const slot = save ? t : 0;
    const vOff = slot * stepStates;
    if (t > 0) {
      // v_0 of this step is v_U of the previous one.
      const prevEnd = (save ? t - 1 : 0) * stepStates + unfolds * hb;
      states.copyWithin(vOff, prevEnd, prevEnd + hb);
    }
    gatherInputs(c, batch, x, t * c, steps * c, raw, slot * c * batch);
    if (elapsed !== null && timespans !== null) {
      for (let b = 0; b < batch; b++) elapsed[slot * batch + b] = timespans[b * steps + t];
    }
    if (mixed !== null) mixed.forward(t, slot, x, steps, states, vOff);
    mapInputs(plan, scratch, raw, slot * c * batch);
    fillCmOverDelta(plan, scratch, elapsed, slot * batch);
    cellForward(plan, scratch, states, vOff, dens, t * stepDens);
    writeReadout(plan, batch, states, vOff + unfolds * hb, outputs.readout, t * m, steps * m);
  }
  const lastEnd = (save ? steps - 1 : 0) * stepStates + unfolds * hb;
  fromBatchInner(h, batch, states, lastEnd, outputs.hFinal);
  if (mixed !== null && outputs.cFinal !== null) {
    mixed.writeFinalCell(outputs.cFinal);
  }
  if (!save || dens === null) return null;
  return { params, plan, batch, steps, inputs: raw, elapsed, states, dens, mixed };
}
