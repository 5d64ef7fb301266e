/**
 * CfC forward: one step over a batch ({@link cfcForwardStep}, shared by the sequence kernel and
 * the streaming stepper) and the whole sequence ({@link cfcSequenceForward}).
 *
 * Per step and layer l (spec/ncps.md 2.2-2.4): z0 = [input | h_l]; z = backbone(z0); then
 *   default / no_gate: f1 = tanh(ff1(z)), f2 = tanh(ff2(z)), g = σ(time_a(z)·ts + time_b(z)),
 *                      h' = f1·(1−g) + g·f2   (no_gate: f1 + g·f2)
 *   pure:              f1 = ff1(z), e = exp(−ts·(|w_tau| + |f1|)), h' = −A·e·f1 + A
 * with ff1/ff2 weights multiplied by the layer's sparsity mask when it has one. With mixed
 * memory, (h, c) = lstm(x_t, (h, c)) runs over the whole state first.
 *
 * Saved values live in a {@link CfcTrace} whose rows are time-major (row = slot·B + b), so one
 * step's batch is one contiguous block for the matrix products.
 */
import { activateRow, type FloatArray } from "./activations.js";
import { gemmNT, gemmNTMasked } from "./cfcGemm.js";
import {
  type CfcParams,
  type CfcPlan,
  type CfcSequenceInputs,
  type CfcSequenceOutputs,
  createCfcPlan,
  expectInteger,
  expectLength,
  zerosLike,
} from "./cfcTypes.js";
import { lstmSaveSize, lstmStepForward } from "./lstm.js";

/** Saved activations of one layer, `slots·B` rows each. */
export interface CfcLayerTrace {
  /** [rows, in+H]: the cell input [input | state] of each step. */
  readonly z0: FloatArray;
  /** Backbone pre-activations, one [rows, U] buffer per backbone layer. */
  readonly bbPre: FloatArray[];
  /** Backbone activations (before dropout), [rows, U] each. */
  readonly bbAct: FloatArray[];
  /** Backbone outputs after dropout: the same buffer as `bbAct` where no dropout applies. */
  readonly bbOut: FloatArray[];
  /** [rows, 4H]: f1, f2, t_a (raw), g; pure: [rows, 2H]: f1 (raw), e. */
  readonly heads: FloatArray;
  /** [rows, H]: the layer's new state. */
  readonly hNew: FloatArray;
}

/** Saved activations of a recurrence over `slots` steps of a batch. */
export interface CfcTrace {
  readonly slots: number;
  readonly batch: number;
  readonly layers: CfcLayerTrace[];
  /** [rows, H]: h and c entering the LSTM (mixed memory), else null. */
  readonly lstmH: FloatArray | null;
  readonly lstmC: FloatArray | null;
  /** [rows, 5H]: the LSTM's saved gates (see lstmSaveSize), else null. */
  readonly lstmSave: FloatArray | null;
}

/** What {@link cfcSequenceForward} keeps for the backward pass. */
export interface CfcSaved {
  readonly plan: CfcPlan;
  readonly trace: CfcTrace;
  readonly batch: number;
  readonly steps: number;
  readonly x: FloatArray;
  readonly timespans: FloatArray | null;
  readonly dropoutMasks: (FloatArray | null)[] | null;
}

/**
 * Allocates a trace for `slots` steps. `dropout` lists which backbone layers of layer 0 get
 * their own post-dropout buffer.
 */
export function createCfcTrace(
  plan: CfcPlan,
  batch: number,
  slots: number,
  like: FloatArray,
  dropout: (FloatArray | null)[] | null,
): CfcTrace {
  const rows = slots * batch;
  const layers = plan.layers.map((lp, l) => {
    const bbPre: FloatArray[] = [];
    const bbAct: FloatArray[] = [];
    const bbOut: FloatArray[] = [];
    for (let i = 0; i < lp.depth; i++) {
      const act = zerosLike(like, rows * lp.units);
      bbPre.push(zerosLike(like, rows * lp.units));
      bbAct.push(act);
      const dropped = l === 0 && dropout !== null && dropout[i] !== null;
      bbOut.push(dropped ? zerosLike(like, rows * lp.units) : act);
    }
    return {
      z0: zerosLike(like, rows * lp.z0Width),
      bbPre,
      bbAct,
      bbOut,
      heads: zerosLike(like, rows * lp.headSaved),
      hNew: zerosLike(like, rows * lp.hiddenSize),
    };
  });
  const mixed = plan.params.lstm !== null;
  const h = plan.stateSize;
  return {
    slots,
    batch,
    layers,
    lstmH: mixed ? zerosLike(like, rows * h) : null,
    lstmC: mixed ? zerosLike(like, rows * h) : null,
    lstmSave: mixed ? zerosLike(like, rows * lstmSaveSize(h)) : null,
  };
}

/**
 * One step of the recurrence for a batch. Reads x[b, t, :] of a [B, steps, C] buffer, the
 * elapsed time ts[b·steps + t] (1.0 when `ts` is null), layer 0's dropout masks [B, steps, U]
 * (null: none), and the state h [B, H] (and c [B, H] with mixed memory), which it updates in
 * place. Saves into trace slot `slot`. Allocates nothing.
 */
export function cfcForwardStep(
  plan: CfcPlan,
  tr: CfcTrace,
  slot: number,
  steps: number,
  t: number,
  x: FloatArray,
  ts: FloatArray | null,
  masks: (FloatArray | null)[] | null,
  h: FloatArray,
  c: FloatArray | null,
): void {
  const batch = tr.batch;
  const nState = plan.stateSize;
  const nIn = plan.inputSize;
  const row0 = slot * batch;
  const lstm = plan.params.lstm;
  if (
    lstm !== null &&
    c !== null &&
    tr.lstmH !== null &&
    tr.lstmC !== null &&
    tr.lstmSave !== null
  ) {
    const save = lstmSaveSize(nState);
    for (let b = 0; b < batch; b++) {
      const r = (row0 + b) * nState;
      const s = b * nState;
      for (let j = 0; j < nState; j++) {
        tr.lstmH[r + j] = h[s + j];
        tr.lstmC[r + j] = c[s + j];
      }
      lstmStepForward(
        lstm,
        x,
        (b * steps + t) * nIn,
        h,
        s,
        c,
        s,
        h,
        s,
        c,
        s,
        tr.lstmSave,
        (row0 + b) * save,
      );
    }
  }
  const nLayers = plan.layers.length;
  for (let l = 0; l < nLayers; l++) {
    const lp = plan.layers[l];
    const lt = tr.layers[l];
    const p = lp.params;
    const nH = lp.hiddenSize;
    const inW = lp.inputSize;
    const zW = lp.z0Width;
    const z0 = lt.z0;
    // z0 = [input | state]
    for (let b = 0; b < batch; b++) {
      const zr = (row0 + b) * zW;
      if (l === 0) {
        const xr = (b * steps + t) * nIn;
        for (let k = 0; k < inW; k++) z0[zr + k] = x[xr + k];
      } else {
        const prev = tr.layers[l - 1].hNew;
        const pr = (row0 + b) * inW;
        for (let k = 0; k < inW; k++) z0[zr + k] = prev[pr + k];
      }
      const hs = b * nState + lp.stateOffset;
      for (let j = 0; j < nH; j++) z0[zr + inW + j] = h[hs + j];
    }
    // Backbone
    let hin = z0;
    let hinW = zW;
    const nU = lp.units;
    for (let i = 0; i < lp.depth; i++) {
      const lin = p.backbone[i];
      const pre = lt.bbPre[i];
      const act = lt.bbAct[i];
      gemmNT(
        batch,
        nU,
        hinW,
        hin,
        row0 * hinW,
        hinW,
        lin.weight,
        0,
        hinW,
        lin.bias,
        0,
        pre,
        row0 * nU,
        nU,
        false,
      );
      activateRow(plan.activation, pre, act, row0 * nU, batch * nU);
      const keep = l === 0 && masks !== null ? masks[i] : null;
      const out = lt.bbOut[i];
      if (keep !== null && keep !== undefined) {
        for (let b = 0; b < batch; b++) {
          const r = (row0 + b) * nU;
          const m = (b * steps + t) * nU;
          for (let u = 0; u < nU; u++) out[r + u] = act[r + u] * keep[m + u];
        }
      }
      hin = out;
      hinW = nU;
    }
    // Heads: raw pre-activations into the saved slot, then transformed in place.
    const hs = lp.headSaved;
    const heads = lt.heads;
    const hOff = row0 * hs;
    const mask = p.sparsityMask;
    if (mask === null) {
      gemmNT(
        batch,
        nH,
        hinW,
        hin,
        row0 * hinW,
        hinW,
        p.ff1.weight,
        0,
        hinW,
        p.ff1.bias,
        0,
        heads,
        hOff,
        hs,
        false,
      );
    } else {
      gemmNTMasked(
        batch,
        nH,
        hinW,
        hin,
        row0 * hinW,
        hinW,
        p.ff1.weight,
        mask,
        hinW,
        p.ff1.bias,
        heads,
        hOff,
        hs,
      );
    }
    const hNew = lt.hNew;
    if (plan.pure) {
      const wTau = p.wTau;
      const a = p.a;
      if (wTau === null || a === null)
        throw new Error("cfc: pure layer without wTau/A (plan not validated)");
      for (let b = 0; b < batch; b++) {
        const tsv = ts === null ? 1 : ts[b * steps + t];
        const r = hOff + b * hs;
        const o = (row0 + b) * nH;
        for (let j = 0; j < nH; j++) {
          const f1 = heads[r + j];
          const e = Math.exp(-tsv * (Math.abs(wTau[j]) + Math.abs(f1)));
          heads[r + nH + j] = e;
          hNew[o + j] = -a[j] * e * f1 + a[j];
        }
      }
    } else {
      const ff2 = p.ff2;
      const ta = p.timeA;
      const tb = p.timeB;
      if (ff2 === null || ta === null || tb === null) {
        throw new Error("cfc: gated layer without ff2/time_a/time_b (plan not validated)");
      }
      if (mask === null) {
        gemmNT(
          batch,
          nH,
          hinW,
          hin,
          row0 * hinW,
          hinW,
          ff2.weight,
          0,
          hinW,
          ff2.bias,
          0,
          heads,
          hOff + nH,
          hs,
          false,
        );
      } else {
        gemmNTMasked(
          batch,
          nH,
          hinW,
          hin,
          row0 * hinW,
          hinW,
          ff2.weight,
          mask,
          hinW,
          ff2.bias,
          heads,
          hOff + nH,
          hs,
        );
      }
      gemmNT(
        batch,
        nH,
        hinW,
        hin,
        row0 * hinW,
        hinW,
        ta.weight,
        0,
        hinW,
        ta.bias,
        0,
        heads,
        hOff + 2 * nH,
        hs,
        false,
      );
      gemmNT(
        batch,
        nH,
        hinW,
        hin,
        row0 * hinW,
        hinW,
        tb.weight,
        0,
        hinW,
        tb.bias,
        0,
        heads,
        hOff + 3 * nH,
        hs,
        false,
      );
      const noGate = plan.noGate;
      for (let b = 0; b < batch; b++) {
        const tsv = ts === null ? 1 : ts[b * steps + t];
        const r = hOff + b * hs;
        const o = (row0 + b) * nH;
        for (let j = 0; j < nH; j++) {
          const f1 = Math.tanh(heads[r + j]);
          const f2 = Math.tanh(heads[r + nH + j]);
          const g = 1 / (1 + Math.exp(-(heads[r + 2 * nH + j] * tsv + heads[r + 3 * nH + j])));
          heads[r + j] = f1;
          heads[r + nH + j] = f2;
          heads[r + 3 * nH + j] = g;
          hNew[o + j] = noGate ? f1 + g * f2 : f1 * (1 - g) + g * f2;
        }
      }
    }
  }
  // The new states become the state of the next step.
  for (let l = 0; l < nLayers; l++) {
    const lp = plan.layers[l];
    const hNew = tr.layers[l].hNew;
    const nH = lp.hiddenSize;
    for (let b = 0; b < batch; b++) {
      const s = b * nState + lp.stateOffset;
      const r = (row0 + b) * nH;
      for (let j = 0; j < nH; j++) h[s + j] = hNew[r + j];
    }
  }
}

/** Throws unless every array of a CfC call has the element type of `like` (the parameters'). */
export function expectSameType(what: string, buf: FloatArray | null, like: FloatArray): void {
  if (buf !== null && buf.constructor !== like.constructor) {
    throw new TypeError(
      `${what}: expected a ${like.constructor.name} like the parameters, got a ${buf.constructor.name}`,
    );
  }
}

function checkSequenceBuffers(
  plan: CfcPlan,
  inputs: CfcSequenceInputs,
  outputs: CfcSequenceOutputs,
): void {
  const { batch, steps } = inputs;
  expectInteger("inputs.batch", batch, 1);
  expectInteger("inputs.steps", steps, 1);
  const like = plan.params.layers[0].ff1.weight;
  const h = plan.stateSize;
  const mixed = plan.params.lstm !== null;
  expectLength("inputs.x", inputs.x, batch * steps * plan.inputSize);
  expectSameType("inputs.x", inputs.x, like);
  if (inputs.timespans !== null) {
    expectLength("inputs.timespans", inputs.timespans, batch * steps);
    expectSameType("inputs.timespans", inputs.timespans, like);
  }
  if (inputs.h0 !== null) {
    expectLength("inputs.h0", inputs.h0, batch * h);
    expectSameType("inputs.h0", inputs.h0, like);
  }
  if (inputs.c0 !== null) {
    if (!mixed) throw new TypeError("inputs.c0: expected null without mixed memory, got a buffer");
    expectLength("inputs.c0", inputs.c0, batch * h);
    expectSameType("inputs.c0", inputs.c0, like);
  }
  const masks = inputs.dropoutMasks;
  if (masks !== null) {
    const l0 = plan.layers[0];
    if (masks.length !== l0.depth) {
      throw new RangeError(
        `inputs.dropoutMasks: expected ${l0.depth} entries (one per backbone layer), got ${masks.length}`,
      );
    }
    if (masks.length > 0 && masks[0] !== null) {
      throw new TypeError(
        "inputs.dropoutMasks[0]: expected null (no dropout after the first backbone layer), got a mask",
      );
    }
    for (let i = 1; i < masks.length; i++) {
      const m = masks[i];
      if (m !== null) {
        expectLength(`inputs.dropoutMasks[${i}]`, m, batch * steps * l0.units);
        expectSameType(`inputs.dropoutMasks[${i}]`, m, like);
      }
    }
  }
  expectLength("outputs.readout", outputs.readout, batch * steps * plan.outputSize);
  expectLength("outputs.hFinal", outputs.hFinal, batch * h);
  if (mixed) {
    if (outputs.cFinal === null) {
      throw new TypeError(
        `outputs.cFinal: expected a buffer of length ${batch * h} with mixed memory, got null`,
      );
    }
    expectLength("outputs.cFinal", outputs.cFinal, batch * h);
  } else if (outputs.cFinal !== null) {
    throw new TypeError("outputs.cFinal: expected null without mixed memory, got a buffer");
  }
}

/**
 * Runs a CfC over a whole sequence. Writes `outputs` (readout [B, T, H_last], hFinal, cFinal);
 * returns the saved activations for {@link cfcSequenceBackward} when `save` is true, else null
 * (then only one step of activations is kept, reused every step).
 */
export function cfcSequenceForward(
  params: CfcParams,
  inputs: CfcSequenceInputs,
  outputs: CfcSequenceOutputs,
  save: boolean,
): CfcSaved | null {
  const plan = createCfcPlan(params);
  checkSequenceBuffers(plan, inputs, outputs);
  const { batch, steps, x, timespans, dropoutMasks } = inputs;
  const tr = createCfcTrace(plan, batch, save ? steps : 1, x, dropoutMasks);
  const h = outputs.hFinal;
  if (inputs.h0 === null) h.fill(0);
  else h.set(inputs.h0);
  const c = outputs.cFinal;
  if (c !== null) {
    if (inputs.c0 === null) c.fill(0);
    else c.set(inputs.c0);
  }
  const last = tr.layers[tr.layers.length - 1].hNew;
  const nOut = plan.outputSize;
  const readout = outputs.readout;
  for (let t = 0; t < steps; t++) {
    const slot = save ? t : 0;
    cfcForwardStep(plan, tr, slot, steps, t, x, timespans, dropoutMasks, h, c);
    for (let b = 0; b < batch; b++) {
      const src = (slot * batch + b) * nOut;
      const dst = (b * steps + t) * nOut;
      for (let j = 0; j < nOut; j++) readout[dst + j] = last[src + j];
    }
  }
  if (!save) return null;
  return { plan, trace: tr, batch, steps, x, timespans, dropoutMasks };
}
