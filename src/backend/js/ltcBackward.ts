/**
 * Backpropagation through time and through the ODE unfolds of {@link ltcSequenceForward}.
 *
 * Per unfold, v' = num / den with num = cm_t·v + gleak·vleak + Σ A·erev + Σ S·erev and
 * den = cm_t + gleak + Σ A + Σ S + ε, so dnum = g / den and dden = −dnum · v'. Those two
 * vectors drive every other gradient: cm_t, gleak, vleak, the sensory sums (accumulated over
 * the unfolds, back-propagated once per step) and the recurrent synapses (recomputed here).
 */
import type { FloatArray } from "../kernels.js";
import { softplusDerivative } from "./activations.js";
import {
  createCellScratch,
  fillCmOverDelta,
  fromBatchInner,
  type LtcCellScratch,
  mapInputs,
  toBatchInner,
} from "./ltcCell.js";
import type { LtcSaved } from "./ltcForward.js";
import type { LtcPlan, SynapseList } from "./ltcPlan.js";
import { backpropSynapses, createSynapseGrads, type SynapseGrads } from "./ltcSynapses.js";
import { checkLength, checkOptional, type LtcParamGrads, type LtcParams } from "./ltcTypes.js";

/** Incoming gradients of a sequence call; null means zero. */
export interface LtcSequenceGradInputs {
  /** `[B, T, M]`, d loss / d readout. */
  dReadout: FloatArray | null;
  /** `[B, H]`, d loss / d hFinal. */
  dhFinal: FloatArray | null;
  /** `[B, H]`, d loss / d cFinal (mixed memory only). */
  dcFinal: FloatArray | null;
}

/** Gradient buffers written by {@link ltcSequenceBackward} (null skips one). */
export interface LtcSequenceGradOutputs {
  params: LtcParamGrads;
  /** `[B, T, C]` */
  dx: FloatArray | null;
  /** `[B, T]`; only when the forward call had timespans. */
  dTimespans: FloatArray | null;
  /** `[B, H]` */
  dh0: FloatArray | null;
  /** `[B, H]` (mixed memory only) */
  dc0: FloatArray | null;
}

function checkGradBuffers(
  saved: LtcSaved,
  gradIn: LtcSequenceGradInputs,
  out: LtcSequenceGradOutputs,
): void {
  const { config } = saved.plan;
  const { batch, steps } = saved;
  const { units: h, inputSize: c, motorSize: m, mixedMemory } = config;
  if (gradIn.dReadout !== null) checkLength("gradIn.dReadout", gradIn.dReadout, batch * steps * m);
  if (gradIn.dhFinal !== null) checkLength("gradIn.dhFinal", gradIn.dhFinal, batch * h);
  if (gradIn.dcFinal !== null) {
    if (!mixedMemory)
      throw new TypeError("gradIn.dcFinal: expected null without mixedMemory, got a buffer");
    checkLength("gradIn.dcFinal", gradIn.dcFinal, batch * h);
  }
  if (out.dx !== null) checkLength("out.dx", out.dx, batch * steps * c);
  if (out.dTimespans !== null) {
    if (saved.elapsed === null) {
      throw new TypeError("out.dTimespans: expected null, the forward call had no timespans");
    }
    checkLength("out.dTimespans", out.dTimespans, batch * steps);
  }
  if (out.dh0 !== null) checkLength("out.dh0", out.dh0, batch * h);
  if (out.dc0 !== null) {
    if (!mixedMemory)
      throw new TypeError("out.dc0: expected null without mixedMemory, got a buffer");
    checkLength("out.dc0", out.dc0, batch * h);
  }
  const p = out.params;
  for (const key of ["gleak", "vleak", "cm"] as const) checkLength(`out.params.${key}`, p[key], h);
  for (const key of ["sigma", "mu", "w", "erev"] as const)
    checkLength(`out.params.${key}`, p[key], h * h);
  for (const key of ["sensorySigma", "sensoryMu", "sensoryW", "sensoryErev"] as const) {
    checkLength(`out.params.${key}`, p[key], c * h);
  }
  checkOptional("out.params.inputW", p.inputW, config.inputMapping !== "none", c);
  checkOptional("out.params.inputB", p.inputB, config.inputMapping === "affine", c);
  checkOptional("out.params.outputW", p.outputW, config.outputMapping !== "none", m);
  checkOptional("out.params.outputB", p.outputB, config.outputMapping === "affine", m);
  if (mixedMemory === (p.lstm === null)) {
    throw new TypeError(
      `out.params.lstm: expected ${mixedMemory ? "LSTM gradient buffers" : "null"}, got ${p.lstm === null ? "null" : "buffers"}`,
    );
  }
}

/** Float64 accumulators of the per-neuron and mapping gradients. */
interface NeuronGrads {
  /** d / d f(gleak) */
  gleak: Float64Array;
  vleak: Float64Array;
  /** d / d f(cm) */
  cm: Float64Array;
  inputW: Float64Array;
  inputB: Float64Array;
  outputW: Float64Array;
  outputB: Float64Array;
}

/** Float64 work buffers of backward, `[H, B]` (batch-inner) unless noted. */
interface BackwardWork {
  /** d loss / d v at the current unfold boundary; `gNext` one unfold earlier. */
  g: Float64Array;
  gNext: Float64Array;
  dNum: Float64Array;
  dDen: Float64Array;
  /** d / d cm_t, summed over the unfolds of a step. */
  dCmt: Float64Array;
  /** d / d (sensory Σ A·erev) and d / d (sensory Σ A), summed over the unfolds of a step. */
  dSensoryNum: Float64Array;
  dSensoryDen: Float64Array;
  /** d / d mapped inputs, `[C, B]`. */
  dMapped: Float64Array;
}

function createWork(h: number, c: number, batch: number): BackwardWork {
  const hb = h * batch;
  return {
    g: new Float64Array(hb),
    gNext: new Float64Array(hb),
    dNum: new Float64Array(hb),
    dDen: new Float64Array(hb),
    dCmt: new Float64Array(hb),
    dSensoryNum: new Float64Array(hb),
    dSensoryDen: new Float64Array(hb),
    dMapped: new Float64Array(c * batch),
  };
}

/**
 * Back-propagates `gradIn` through the sequence recorded in `saved`, overwriting every buffer
 * of `out` that is not null.
 */
export function ltcSequenceBackward(
  saved: LtcSaved,
  gradIn: LtcSequenceGradInputs,
  out: LtcSequenceGradOutputs,
): void {
  checkGradBuffers(saved, gradIn, out);
  const { plan, batch, steps, states, elapsed } = saved;
  const { units: h, inputSize: c, motorSize: m, odeUnfolds: unfolds } = plan.config;
  const hb = h * batch;
  const stepStates = (unfolds + 1) * hb;
  const scratch = createCellScratch(plan, batch);
  const neuron: NeuronGrads = {
    gleak: new Float64Array(h),
    vleak: new Float64Array(h),
    cm: new Float64Array(h),
    inputW: new Float64Array(c),
    inputB: new Float64Array(c),
    outputW: new Float64Array(m),
    outputB: new Float64Array(m),
  };
  const recurrentGrads = createSynapseGrads(plan.recurrent);
  const sensoryGrads = createSynapseGrads(plan.sensory);
  const work = createWork(h, c, batch);

  if (gradIn.dhFinal !== null) toBatchInner(h, batch, gradIn.dhFinal, work.g, 0);
  if (saved.mixed !== null) saved.mixed.beginBackward(gradIn.dcFinal);
  for (let t = steps - 1; t >= 0; t--) {
    const vEnd = t * stepStates + unfolds * hb;
    if (gradIn.dReadout !== null) {
      readoutBackward(plan, batch, steps, t, gradIn.dReadout, states, vEnd, work.g, neuron);
    }
    mapInputs(plan, scratch, saved.inputs, t * c * batch);
    fillCmOverDelta(plan, scratch, elapsed, t * batch);
    work.dCmt.fill(0);
    work.dSensoryNum.fill(0);
    work.dSensoryDen.fill(0);
    for (let u = unfolds - 1; u >= 0; u--) {
      unfoldBackward(saved, scratch, t, u, work, neuron, recurrentGrads);
    }
    cmBackward(
      plan,
      batch,
      t,
      elapsed,
      work.dCmt,
      scratch.cmOverDelta,
      neuron.cm,
      out.dTimespans,
      steps,
    );
    work.dMapped.fill(0);
    backpropSynapses(
      plan.sensory,
      batch,
      scratch.mapped,
      0,
      work.dSensoryNum,
      work.dSensoryDen,
      work.dMapped,
      0,
      sensoryGrads,
    );
    inputBackward(plan, batch, steps, t, saved.inputs, work.dMapped, neuron, out.dx);
    // work.g is now d loss / d v_0 of step t, the state entering the cell.
    if (saved.mixed !== null) saved.mixed.backward(t, work.g, out.dx, steps);
  }
  if (out.dh0 !== null) fromBatchInner(h, batch, work.g, 0, out.dh0);
  if (saved.mixed !== null) saved.mixed.finishBackward(out.dc0, out.params.lstm);
  writeParamGrads(plan, saved.params, neuron, recurrentGrads, sensoryGrads, out.params);
}

/**
 * Backward of unfold u of step t: from d loss / d v_{u+1} in `work.g` to d loss / d v_u
 * (left in `work.g`), accumulating the neuron, sensory-sum and synapse gradients.
 */
function unfoldBackward(
  saved: LtcSaved,
  scratch: LtcCellScratch,
  t: number,
  u: number,
  work: BackwardWork,
  neuron: NeuronGrads,
  synapseGrads: SynapseGrads,
): void {
  const { plan, batch, states, dens } = saved;
  const { units: h, odeUnfolds: unfolds } = plan.config;
  const hb = h * batch;
  const vOff = (t * (unfolds + 1) + u) * hb;
  const densOff = (t * unfolds + u) * hb;
  const { g, gNext, dNum, dDen, dCmt, dSensoryNum, dSensoryDen } = work;
  const cmt = scratch.cmOverDelta;
  for (let j = 0; j < h; j++) {
    const gl = plan.gleak[j];
    const vl = plan.vleak[j];
    let accGleak = 0;
    let accVleak = 0;
    for (let b = 0; b < batch; b++) {
      const i = j * batch + b;
      // v' = num / den: d num = g / den, d den = −d num · v'.
      const dn = g[i] / dens[densOff + i];
      const dd = -dn * states[vOff + hb + i];
      dNum[i] = dn;
      dDen[i] = dd;
      // num has cm_t·v + gleak·vleak, den has cm_t + gleak.
      dCmt[i] += dn * states[vOff + i] + dd;
      accGleak += dn * vl + dd;
      accVleak += dn;
      dSensoryNum[i] += dn;
      dSensoryDen[i] += dd;
      gNext[i] = dn * cmt[i];
    }
    neuron.gleak[j] += accGleak;
    neuron.vleak[j] += accVleak * gl;
  }
  backpropSynapses(plan.recurrent, batch, states, vOff, dNum, dDen, gNext, 0, synapseGrads);
  work.g = gNext;
  work.gNext = g;
}

/** Adds the readout's gradient at step t into g (v_U at `vOff`) and the output mapping grads. */
function readoutBackward(
  plan: LtcPlan,
  batch: number,
  steps: number,
  t: number,
  dReadout: FloatArray,
  states: Float64Array,
  vOff: number,
  g: Float64Array,
  neuron: NeuronGrads,
): void {
  const m = plan.config.motorSize;
  for (let k = 0; k < m; k++) {
    const w = plan.outputW[k];
    let accW = 0;
    let accB = 0;
    for (let b = 0; b < batch; b++) {
      const dr = dReadout[(b * steps + t) * m + k];
      const i = k * batch + b;
      g[i] += dr * w;
      accW += dr * states[vOff + i];
      accB += dr;
    }
    neuron.outputW[k] += accW;
    neuron.outputB[k] += accB;
  }
}

/**
 * cm_t = f(cm) / (elapsed / U): d f(cm) += dcm_t · U / elapsed and
 * d elapsed = −Σ_j dcm_t · cm_t / elapsed.
 */
function cmBackward(
  plan: LtcPlan,
  batch: number,
  t: number,
  elapsed: Float64Array | null,
  dCmt: Float64Array,
  cmt: Float64Array,
  gCm: Float64Array,
  dTimespans: FloatArray | null,
  steps: number,
): void {
  const { units, odeUnfolds } = plan.config;
  for (let j = 0; j < units; j++) {
    let acc = 0;
    for (let b = 0; b < batch; b++) {
      const e = elapsed === null ? 1 : elapsed[t * batch + b];
      acc += dCmt[j * batch + b] / (e / odeUnfolds);
    }
    gCm[j] += acc;
  }
  if (dTimespans === null || elapsed === null) return;
  for (let b = 0; b < batch; b++) {
    const e = elapsed[t * batch + b];
    let acc = 0;
    for (let j = 0; j < units; j++) acc += dCmt[j * batch + b] * cmt[j * batch + b];
    dTimespans[b * steps + t] = -acc / e;
  }
}

/** Gradients of the input mapping x·input_w + input_b at step t, and d x. */
function inputBackward(
  plan: LtcPlan,
  batch: number,
  steps: number,
  t: number,
  inputs: Float64Array,
  dMapped: Float64Array,
  neuron: NeuronGrads,
  dx: FloatArray | null,
): void {
  const c = plan.config.inputSize;
  const rawOff = t * c * batch;
  for (let s = 0; s < c; s++) {
    const w = plan.inputW[s];
    let accW = 0;
    let accB = 0;
    for (let b = 0; b < batch; b++) {
      const gm = dMapped[s * batch + b];
      accW += gm * inputs[rawOff + s * batch + b];
      accB += gm;
      if (dx !== null) dx[(b * steps + t) * c + s] = gm * w;
    }
    neuron.inputW[s] += accW;
    neuron.inputB[s] += accB;
  }
}

/** Scatters compact synapse gradients into full `[rows, H]` matrices (zeros where masked). */
function scatterSynapseGrads(
  list: SynapseList,
  grads: SynapseGrads,
  rawW: FloatArray,
  implicit: boolean,
  sigma: FloatArray,
  mu: FloatArray,
  w: FloatArray,
  erev: FloatArray,
): void {
  sigma.fill(0);
  mu.fill(0);
  w.fill(0);
  erev.fill(0);
  for (let k = 0; k < list.count; k++) {
    const f = list.flat[k];
    sigma[f] = grads.sigma[k];
    mu[f] = grads.mu[k];
    erev[f] = grads.erev[k];
    // A = (f(w)·σ)·mask, and f'(w) is the softplus slope when constrained.
    const dw = grads.weight[k] * list.mask[k];
    w[f] = implicit ? dw * softplusDerivative(rawW[f]) : dw;
  }
}

function writeNeuronGrad(
  acc: Float64Array,
  raw: FloatArray,
  implicit: boolean,
  out: FloatArray,
): void {
  for (let j = 0; j < acc.length; j++)
    out[j] = implicit ? acc[j] * softplusDerivative(raw[j]) : acc[j];
}

function writeParamGrads(
  plan: LtcPlan,
  params: LtcParams,
  neuron: NeuronGrads,
  recurrent: SynapseGrads,
  sensory: SynapseGrads,
  out: LtcParamGrads,
): void {
  const implicit = plan.config.implicitConstraints;
  writeNeuronGrad(neuron.gleak, params.gleak, implicit, out.gleak);
  writeNeuronGrad(neuron.cm, params.cm, implicit, out.cm);
  out.vleak.set(neuron.vleak);
  scatterSynapseGrads(
    plan.recurrent,
    recurrent,
    params.w,
    implicit,
    out.sigma,
    out.mu,
    out.w,
    out.erev,
  );
  scatterSynapseGrads(
    plan.sensory,
    sensory,
    params.sensoryW,
    implicit,
    out.sensorySigma,
    out.sensoryMu,
    out.sensoryW,
    out.sensoryErev,
  );
  if (out.inputW !== null) out.inputW.set(neuron.inputW);
  if (out.inputB !== null) out.inputB.set(neuron.inputB);
  if (out.outputW !== null) out.outputW.set(neuron.outputW);
  if (out.outputB !== null) out.outputB.set(neuron.outputB);
}
