/**
 * One LTC cell step (ncps `LTCCell.forward`) on batch-inner float64 buffers: value
 * `[unit, b]` lives at `unit * batch + b`. Shared by the sequence kernel and the streaming
 * stepper, so both produce bit-identical states.
 */
import type { FloatArray } from "../kernels.js";
import type { LtcPlan } from "./ltcPlan.js";
import { accumulateSynapses } from "./ltcSynapses.js";

/** Work buffers of one cell step, sized for a plan and a batch. */
export interface LtcCellScratch {
  readonly batch: number;
  /** Mapped inputs x·input_w + input_b, `[C, B]`. */
  mapped: Float64Array;
  /** f(cm) / Δ per neuron and sample, `[H, B]`. */
  cmOverDelta: Float64Array;
  /** Sensory Σ A·erev and Σ A, `[H, B]` each. */
  sensoryNum: Float64Array;
  sensoryDen: Float64Array;
  /** Recurrent Σ A·erev and Σ A of the current unfold, `[H, B]` each. */
  num: Float64Array;
  den: Float64Array;
}

/** Allocates the scratch of one cell step. */
export function createCellScratch(plan: LtcPlan, batch: number): LtcCellScratch {
  const hb = plan.config.units * batch;
  return {
    batch,
    mapped: new Float64Array(plan.config.inputSize * batch),
    cmOverDelta: new Float64Array(hb),
    sensoryNum: new Float64Array(hb),
    sensoryDen: new Float64Array(hb),
    num: new Float64Array(hb),
    den: new Float64Array(hb),
  };
}

/**
 * Copies `x[b, s]` (at `xOff + b * bStride + s`) into the batch-inner `raw` `[C, B]` at
 * `rawOff`: the one place where the caller's precision is read.
 */
export function gatherInputs(
  inputSize: number,
  batch: number,
  x: FloatArray,
  xOff: number,
  bStride: number,
  raw: Float64Array,
  rawOff: number,
): void {
  for (let b = 0; b < batch; b++) {
    const base = xOff + b * bStride;
    for (let s = 0; s < inputSize; s++) raw[rawOff + s * batch + b] = x[base + s];
  }
}

/** Input mapping of the raw `[C, B]` inputs at `rawOff` into `scratch.mapped`. */
export function mapInputs(
  plan: LtcPlan,
  scratch: LtcCellScratch,
  raw: Float64Array,
  rawOff: number,
): void {
  const { batch, mapped } = scratch;
  const { inputW, inputB } = plan;
  for (let s = 0; s < plan.config.inputSize; s++) {
    const w = inputW[s];
    const c = inputB[s];
    const o = s * batch;
    for (let b = 0; b < batch; b++) mapped[o + b] = raw[rawOff + o + b] * w + c;
  }
}

/**
 * cm_t = f(cm) / (elapsed / unfolds) for every neuron and sample. `elapsed` holds one
 * elapsed time per sample at `elapsedOff`, or is null for 1.0.
 */
export function fillCmOverDelta(
  plan: LtcPlan,
  scratch: LtcCellScratch,
  elapsed: Float64Array | null,
  elapsedOff: number,
): void {
  const { batch, cmOverDelta } = scratch;
  const unfolds = plan.config.odeUnfolds;
  for (let j = 0; j < plan.config.units; j++) {
    const cm = plan.cm[j];
    const o = j * batch;
    for (let b = 0; b < batch; b++) {
      const elapsedB = elapsed === null ? 1 : elapsed[elapsedOff + b];
      cmOverDelta[o + b] = cm / (elapsedB / unfolds);
    }
  }
}

/** Sensory synapse sums of the step, from `scratch.mapped`. */
export function sensoryForward(plan: LtcPlan, scratch: LtcCellScratch): void {
  scratch.sensoryNum.fill(0);
  scratch.sensoryDen.fill(0);
  accumulateSynapses(
    plan.sensory,
    scratch.batch,
    scratch.mapped,
    0,
    scratch.sensoryNum,
    scratch.sensoryDen,
  );
}

/**
 * One fused semi-implicit Euler step: reads v at `vOff`, writes the next v at `vOff + H·B`
 * and, when `dens` is given, the denominators (den + epsilon) at `densOff`.
 */
export function unfoldForward(
  plan: LtcPlan,
  scratch: LtcCellScratch,
  states: Float64Array,
  vOff: number,
  dens: Float64Array | null,
  densOff: number,
): void {
  const { batch, num, den, sensoryNum, sensoryDen, cmOverDelta } = scratch;
  const { units, epsilon } = plan.config;
  num.fill(0);
  den.fill(0);
  accumulateSynapses(plan.recurrent, batch, states, vOff, num, den);
  const outOff = vOff + units * batch;
  for (let j = 0; j < units; j++) {
    const gl = plan.gleak[j];
    const glvl = gl * plan.vleak[j];
    const o = j * batch;
    for (let b = 0; b < batch; b++) {
      const i = o + b;
      const cmt = cmOverDelta[i];
      // Same grouping as ncps: (cm_t·v + gleak·vleak + (Σ + sensory Σ)) / (cm_t + gleak + Σ + ε)
      const numerator = cmt * states[vOff + i] + glvl + (num[i] + sensoryNum[i]);
      const denominator = cmt + gl + (den[i] + sensoryDen[i]) + epsilon;
      if (dens !== null) dens[densOff + i] = denominator;
      states[outOff + i] = numerator / denominator;
    }
  }
}

/**
 * The whole cell step: `states` holds v_0 at `vOff` and receives v_1..v_U in the following
 * `H·B` blocks; `dens` (if given) receives the U denominators from `densOff`. Expects
 * `scratch.mapped` and `scratch.cmOverDelta` filled for this step.
 */
export function cellForward(
  plan: LtcPlan,
  scratch: LtcCellScratch,
  states: Float64Array,
  vOff: number,
  dens: Float64Array | null,
  densOff: number,
): void {
  const hb = plan.config.units * scratch.batch;
  sensoryForward(plan, scratch);
  for (let u = 0; u < plan.config.odeUnfolds; u++) {
    unfoldForward(plan, scratch, states, vOff + u * hb, dens, densOff + u * hb);
  }
}

/**
 * Output mapping of the first M neurons of v (at `vOff`) into `out[b, m]`, written at
 * `outOff + b * bStride + m`.
 */
export function writeReadout(
  plan: LtcPlan,
  batch: number,
  states: Float64Array,
  vOff: number,
  out: FloatArray,
  outOff: number,
  bStride: number,
): void {
  const { outputW, outputB } = plan;
  for (let m = 0; m < plan.config.motorSize; m++) {
    const w = outputW[m];
    const c = outputB[m];
    for (let b = 0; b < batch; b++) {
      out[outOff + b * bStride + m] = states[vOff + m * batch + b] * w + c;
    }
  }
}

/** Transposes batch-first `src[b, j]` (`[B, H]`) into batch-inner `dst` at `dstOff`. */
export function toBatchInner(
  units: number,
  batch: number,
  src: FloatArray,
  dst: Float64Array,
  dstOff: number,
): void {
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < units; j++) dst[dstOff + j * batch + b] = src[b * units + j];
  }
}

/** Transposes batch-inner `src` at `srcOff` into batch-first `dst[b, j]` (`[B, H]`). */
export function fromBatchInner(
  units: number,
  batch: number,
  src: Float64Array,
  srcOff: number,
  dst: FloatArray,
): void {
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < units; j++) dst[b * units + j] = src[srcOff + j * batch + b];
  }
}
