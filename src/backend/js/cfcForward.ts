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
  type CfcLayerParams,
  type CfcLinear,
  type CfcParams,
  type CfcPlan,
  type CfcSequenceInputs,
  type CfcSequenceOutputs,
  createCfcPlan,
  expectInteger,
  expectLength,
} from "./cfcTypes.js";
import { lstmSaveSize, lstmStepForward } from "./lstm.js";
import { type PackedLinear, packedProduct } from "./packedLinear.js";

/** Saved activations of one layer, `slots·B` rows each. */
export interface CfcLayerTrace {
  /** [rows, in+H]: the cell input [input | state] of each step. */
  readonly z0: Float64Array;
  /** Backbone pre-activations, one [rows, U] buffer per backbone layer. */
  readonly bbPre: Float64Array[];
  /** Backbone activations (before dropout), [rows, U] each. */
  readonly bbAct: Float64Array[];
  /** Backbone outputs after dropout: the same buffer as `bbAct` where no dropout applies. */
  readonly bbOut: Float64Array[];
  /** [rows, 4H]: f1, f2, t_a (raw), g; pure: [rows, 2H]: f1 (raw), e. */
  readonly heads: Float64Array;
  /** [rows, H]: the layer's new state. */
  readonly hNew: Float64Array;
}

/** A layer's weights packed for streaming: each backbone Linear, and the heads stacked. */
export interface PackedCfcLayer {
  readonly backbone: readonly PackedLinear[];
  /** ff1, ff2, time_a, time_b (pure: ff1) stacked as the columns of a `heads` row. */
  readonly heads: PackedLinear;
}

/** Saved activations of a recurrence over `slots` steps of a batch. */
export interface CfcTrace {
  readonly slots: number;
  readonly batch: number;
  readonly layers: CfcLayerTrace[];
  /** [rows, H]: h and c entering the LSTM (mixed memory), else null. */
  readonly lstmH: Float64Array | null;
  readonly lstmC: Float64Array | null;
  /** [rows, 5H]: the LSTM's saved gates (see lstmSaveSize), else null. */
  readonly lstmSave: Float64Array | null;
}

/** What {@link cfcSequenceForward} keeps for the backward pass. */
export interface CfcSaved {
  /** The plan over float64 parameters (see {@link promotePlan}). */
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
  dropout: (FloatArray | null)[] | null,
): CfcTrace {
  const rows = slots * batch;
  const layers = plan.layers.map((lp, l) => {
    const bbPre: Float64Array[] = [];
    const bbAct: Float64Array[] = [];
    const bbOut: Float64Array[] = [];
    for (let i = 0; i < lp.depth; i++) {
      const act = new Float64Array(rows * lp.units);
      bbPre.push(new Float64Array(rows * lp.units));
      bbAct.push(act);
      const dropped = l === 0 && dropout !== null && dropout[i] !== null;
      bbOut.push(dropped ? new Float64Array(rows * lp.units) : act);
    }
    return {
      z0: new Float64Array(rows * lp.z0Width),
      bbPre,
      bbAct,
      bbOut,
      heads: new Float64Array(rows * lp.headSaved),
      hNew: new Float64Array(rows * lp.hiddenSize),
    };
  });
  const mixed = plan.params.lstm !== null;
  const h = plan.stateSize;
  return {
    slots,
    batch,
    layers,
    lstmH: mixed ? new Float64Array(rows * h) : null,
    lstmC: mixed ? new Float64Array(rows * h) : null,
    lstmSave: mixed ? new Float64Array(rows * lstmSaveSize(h)) : null,
  };
}

/**
 * One step of the recurrence for a batch. Reads x[b, t, :] of a [B, steps, C] buffer, the
 * elapsed time ts[b·steps + t] (1.0 when `ts` is null), layer 0's dropout masks [B, steps, U]
 * (null: none), and the state h [B, H] (and c [B, H] with mixed memory), which it updates in
 * place. Saves into trace slot `slot`. With `packed` (the stepper's copy of the weights, see
 * packedLinear.ts) the products read it instead of the parameters. Allocates nothing.
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
  h: Float64Array,
  c: Float64Array | null,
  packed: readonly PackedCfcLayer[] | null,
): void {
  const batch = tr.batch;
  const nState = plan.stateSize;
  const nIn = plan.inputSize;
  const row0 = slot * batch;
  const lstm = plan.params.lstm;
  if (lstm !== null) {
    if (c === null || tr.lstmH === null || tr.lstmC === null || tr.lstmSave === null) {
      throw new TypeError("cfcForwardStep: mixed memory needs the cell state c and an LSTM trace");
    }
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
    const packedLayer = packed === null ? null : packed[l];
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
      if (packedLayer !== null) {
        packedProduct(packedLayer.backbone[i], batch, hin, row0 * hinW, hinW, pre, row0 * nU, nU);
      } else {
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
      }
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
    if (packedLayer !== null) {
      // Every head product at once: the packed heads are stacked like a row of `heads`.
      packedProduct(packedLayer.heads, batch, hin, row0 * hinW, hinW, heads, hOff, hs);
    } else {
      headProducts(batch, nH, hin, row0 * hinW, hinW, p, plan.pure, heads, hOff, hs);
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

/**
 * The head products of a layer for rows of `a` of width `k`, into the columns of `heads`: ff1
 * at 0, and unless `pure`, ff2 at H, time_a at 2H and time_b at 3H (ff1 and ff2 masked when the
 * layer is wired).
 */
function headProducts(
  batch: number,
  nH: number,
  a: Float64Array,
  aOff: number,
  k: number,
  p: CfcLayerParams,
  pure: boolean,
  heads: Float64Array,
  hOff: number,
  hs: number,
): void {
  const mask = p.sparsityMask;
  if (mask === null) {
    gemmNT(batch, nH, k, a, aOff, k, p.ff1.weight, 0, k, p.ff1.bias, 0, heads, hOff, hs, false);
  } else {
    gemmNTMasked(batch, nH, k, a, aOff, k, p.ff1.weight, mask, k, p.ff1.bias, heads, hOff, hs);
  }
  if (pure) return;
  const ff2 = p.ff2;
  const ta = p.timeA;
  const tb = p.timeB;
  if (ff2 === null || ta === null || tb === null) {
    throw new Error("cfc: gated layer without ff2/time_a/time_b (plan not validated)");
  }
  if (mask === null) {
    gemmNT(batch, nH, k, a, aOff, k, ff2.weight, 0, k, ff2.bias, 0, heads, hOff + nH, hs, false);
  } else {
    gemmNTMasked(batch, nH, k, a, aOff, k, ff2.weight, mask, k, ff2.bias, heads, hOff + nH, hs);
  }
  gemmNT(batch, nH, k, a, aOff, k, ta.weight, 0, k, ta.bias, 0, heads, hOff + 2 * nH, hs, false);
  gemmNT(batch, nH, k, a, aOff, k, tb.weight, 0, k, tb.bias, 0, heads, hOff + 3 * nH, hs, false);
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

/** `a` itself when it is float64, else a float64 copy (exact: every float32 is a double). */
function promote(a: FloatArray): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

function promoteLinear(lin: CfcLinear): CfcLinear {
  return { weight: promote(lin.weight), bias: promote(lin.bias) };
}

function promoteOptional(lin: CfcLinear | null): CfcLinear | null {
  return lin === null ? null : promoteLinear(lin);
}

/**
 * The plan with every parameter array in float64. The sequence kernels compute on float64
 * copies of float32 weights (copied once per call, O(weights)): V8 then runs one monomorphic
 * set of loops, and float32 loads, which cost a conversion each, leave the hot loops.
 */
export function promotePlan(plan: CfcPlan): CfcPlan {
  const p = plan.params;
  if (p.layers[0].ff1.weight instanceof Float64Array) return plan;
  const layers: CfcLayerParams[] = p.layers.map((lp) => ({
    inputSize: lp.inputSize,
    hiddenSize: lp.hiddenSize,
    backbone: lp.backbone.map(promoteLinear),
    ff1: promoteLinear(lp.ff1),
    ff2: promoteOptional(lp.ff2),
    timeA: promoteOptional(lp.timeA),
    timeB: promoteOptional(lp.timeB),
    wTau: lp.wTau === null ? null : promote(lp.wTau),
    a: lp.a === null ? null : promote(lp.a),
    sparsityMask: lp.sparsityMask === null ? null : promote(lp.sparsityMask),
  }));
  const lstm =
    p.lstm === null
      ? null
      : {
          inputSize: p.lstm.inputSize,
          hiddenSize: p.lstm.hiddenSize,
          inputWeight: promote(p.lstm.inputWeight),
          inputBias: promote(p.lstm.inputBias),
          recurrentWeight: promote(p.lstm.recurrentWeight),
        };
  const params: CfcParams = { ...p, layers, lstm };
  return {
    ...plan,
    params,
    layers: plan.layers.map((lp, l) => ({ ...lp, params: layers[l] })),
  };
}

/**
 * Runs a CfC over a whole sequence. Writes `outputs` (readout [B, T, H_last], hFinal, cFinal);
 * returns the saved activations for {@link cfcSequenceBackward} when `save` is true, else null
 * (then only one step of activations is kept, reused every step). Whatever the buffer type,
 * everything in between (states included) is computed and kept in float64.
 */
export function cfcSequenceForward(
  params: CfcParams,
  inputs: CfcSequenceInputs,
  outputs: CfcSequenceOutputs,
  save: boolean,
): CfcSaved | null {
  const checked = createCfcPlan(params);
  checkSequenceBuffers(checked, inputs, outputs);
  const plan = promotePlan(checked);
  const { batch, steps, x, timespans, dropoutMasks } = inputs;
  const tr = createCfcTrace(plan, batch, save ? steps : 1, dropoutMasks);
  const nState = plan.stateSize;
  const h = new Float64Array(batch * nState);
  if (inputs.h0 !== null) h.set(inputs.h0);
  const c = plan.params.lstm === null ? null : new Float64Array(batch * nState);
  if (c !== null && inputs.c0 !== null) c.set(inputs.c0);
  const last = tr.layers[tr.layers.length - 1].hNew;
  const nOut = plan.outputSize;
  const readout = outputs.readout;
  for (let t = 0; t < steps; t++) {
    const slot = save ? t : 0;
    cfcForwardStep(plan, tr, slot, steps, t, x, timespans, dropoutMasks, h, c, null);
    for (let b = 0; b < batch; b++) {
      const src = (slot * batch + b) * nOut;
      const dst = (b * steps + t) * nOut;
      for (let j = 0; j < nOut; j++) readout[dst + j] = last[src + j];
    }
  }
  outputs.hFinal.set(h);
  if (outputs.cFinal !== null && c !== null) outputs.cFinal.set(c);
  if (!save) return null;
  return { plan, trace: tr, batch, steps, x, timespans, dropoutMasks };
}
