/**
 * Backpropagation through time for {@link cfcSequenceForward}, written by hand.
 *
 * The time loop runs backwards carrying ∂L/∂h (and ∂L/∂c with mixed memory); inside a step the
 * layers run backwards, each handing the gradient of its input to the layer before it. Only
 * what depends on the time order is done in the loop: per-step gradients of the heads' and
 * backbone pre-activations are stored, and the weight gradients are formed at the end as one
 * product over all T·B rows each (dW = dPreᵀ·input), which is far faster than T·B outer
 * products.
 *
 * Derivatives (see cfcForward.ts for the forward):
 *   default: ∂f1 = ∂h'(1−g), ∂f2 = ∂h'·g, ∂g = ∂h'(f2−f1);  no_gate: ∂f1 = ∂h', ∂f2 = ∂h'·g, ∂g = ∂h'·f2
 *            ∂pre1 = ∂f1(1−f1²), ∂pre2 = ∂f2(1−f2²), ∂u = ∂g·g(1−g) with u = t_a·ts + t_b:
 *            ∂t_a = ∂u·ts, ∂t_b = ∂u, ∂ts += Σ ∂u·t_a
 *   pure:    ∂A += ∂h'(1 − e·f1), ∂f1 = −A·∂h'·e·(1 − ts·|f1|),
 *            ∂w_tau += ∂h'·A·f1·e·ts·sign(w_tau), ∂ts += Σ ∂h'·A·f1·e·(|w_tau| + |f1|)
 */
import { activationBackwardRow, type FloatArray } from "./activations.js";
import type { CfcLayerTrace, CfcSaved } from "./cfcForward.js";
import { expectSameType } from "./cfcForward.js";
import { gemmNT, transposeInto } from "./cfcGemm.js";
import {
  type CfcGrads,
  type CfcLayerGrads,
  type CfcLayerPlan,
  type CfcLinear,
  createCfcGrads,
  expectLength,
} from "./cfcTypes.js";
import { lstmSaveSize, lstmStepBackward } from "./lstm.js";

/** Gradients flowing into a sequence call's outputs (null = zero). */
export interface CfcSequenceGradInputs {
  /** ∂L/∂readout, [B, T, H_last]. */
  dReadout: FloatArray | null;
  /** ∂L/∂hFinal, [B, H]. */
  dhFinal: FloatArray | null;
  /** ∂L/∂cFinal, [B, H] (mixed memory). */
  dcFinal: FloatArray | null;
}

/** Gradient buffers a backward call overwrites; null where the gradient is not wanted. */
export interface CfcSequenceGradOutputs {
  /** ∂L/∂x, [B, T, C]. */
  dx: FloatArray | null;
  /** ∂L/∂timespans, [B, T]; only when the forward call had timespans. */
  dTimespans: FloatArray | null;
  /** ∂L/∂h0, [B, H]. */
  dh0: FloatArray | null;
  /** ∂L/∂c0, [B, H] (mixed memory only). */
  dc0: FloatArray | null;
  /** Every parameter gradient (see createCfcGrads); overwritten. */
  params: CfcGrads;
}

function checkGrads(
  saved: CfcSaved,
  gIn: CfcSequenceGradInputs,
  out: CfcSequenceGradOutputs,
): void {
  const { plan, batch, steps } = saved;
  const like = saved.x;
  const h = plan.stateSize;
  const mixed = plan.params.lstm !== null;
  const sized = (what: string, buf: FloatArray | null, n: number) => {
    if (buf === null) return;
    expectLength(what, buf, n);
    expectSameType(what, buf, like);
  };
  sized("gradInputs.dReadout", gIn.dReadout, batch * steps * plan.outputSize);
  sized("gradInputs.dhFinal", gIn.dhFinal, batch * h);
  if (gIn.dcFinal !== null && !mixed) {
    throw new TypeError("gradInputs.dcFinal: expected null without mixed memory, got a buffer");
  }
  sized("gradInputs.dcFinal", gIn.dcFinal, batch * h);
  sized("gradOutputs.dx", out.dx, batch * steps * plan.inputSize);
  if (out.dTimespans !== null && saved.timespans === null) {
    throw new TypeError(
      "gradOutputs.dTimespans: expected null when the forward call had no timespans, got a buffer",
    );
  }
  sized("gradOutputs.dTimespans", out.dTimespans, batch * steps);
  sized("gradOutputs.dh0", out.dh0, batch * h);
  if (out.dc0 !== null && !mixed) {
    throw new TypeError("gradOutputs.dc0: expected null without mixed memory, got a buffer");
  }
  sized("gradOutputs.dc0", out.dc0, batch * h);
  const g = out.params;
  if (g.layers.length !== plan.layers.length) {
    throw new RangeError(
      `gradOutputs.params.layers: expected ${plan.layers.length} layers, got ${g.layers.length}`,
    );
  }
  if ((g.lstm === null) === mixed) {
    throw new TypeError(
      `gradOutputs.params.lstm: expected ${mixed ? "LSTM gradient buffers" : "null"}`,
    );
  }
  for (let l = 0; l < plan.layers.length; l++) {
    const p = plan.layers[l].params;
    const gl = g.layers[l];
    const w = `gradOutputs.params.layers[${l}]`;
    const lin = (name: string, gp: CfcLinear | null, pp: CfcLinear | null) => {
      if (pp === null) {
        if (gp !== null)
          throw new TypeError(`${w}.${name}: expected null like the parameter, got buffers`);
        return;
      }
      if (gp === null) throw new TypeError(`${w}.${name}: expected gradient buffers, got null`);
      sized(`${w}.${name}.weight`, gp.weight, pp.weight.length);
      sized(`${w}.${name}.bias`, gp.bias, pp.bias.length);
    };
    if (gl.backbone.length !== p.backbone.length) {
      throw new RangeError(
        `${w}.backbone: expected ${p.backbone.length} layers, got ${gl.backbone.length}`,
      );
    }
    for (let i = 0; i < p.backbone.length; i++)
      lin(`backbone[${i}]`, gl.backbone[i], p.backbone[i]);
    lin("ff1", gl.ff1, p.ff1);
    lin("ff2", gl.ff2, p.ff2);
    lin("timeA", gl.timeA, p.timeA);
    lin("timeB", gl.timeB, p.timeB);
    for (const [name, gp, pp] of [
      ["wTau", gl.wTau, p.wTau],
      ["a", gl.a, p.a],
    ] as const) {
      if ((gp === null) !== (pp === null)) {
        throw new TypeError(
          `${w}.${name}: expected ${pp === null ? "null" : "a buffer"} like the parameter`,
        );
      }
      if (gp !== null && pp !== null) sized(`${w}.${name}`, gp, pp.length);
    }
  }
}

/** Per-layer buffers of one backward call. */
interface LayerWork {
  /** [T·B, headOutputs]: ∂L/∂(head pre-activations) of every step. */
  dHeads: Float64Array;
  /** Backbone pre-activation gradients of every step, [T·B, U] per backbone layer. */
  dBbPre: Float64Array[];
  /** [headInput, headOutputs]: the heads' weights stacked (masked) and transposed. */
  headsT: Float64Array;
  /** [in_i, U] per backbone layer: transposed backbone weights. */
  bbT: Float64Array[];
}

function createLayerWork(lp: CfcLayerPlan, rows: number): LayerWork {
  const p = lp.params;
  const nH = lp.hiddenSize;
  const hO = lp.headOutputs;
  const d = lp.headInput;
  const headsT = new Float64Array(d * hO);
  const stacked: (CfcLinear | null)[] = [p.ff1, p.ff2, p.timeA, p.timeB];
  const mask = p.sparsityMask;
  for (let hIdx = 0; hIdx * nH < hO; hIdx++) {
    const lin = stacked[hIdx];
    if (lin === null) throw new Error("cfc: head missing (plan not validated)");
    const m = hIdx < 2 ? mask : null; // time_a / time_b are never masked
    for (let j = 0; j < nH; j++) {
      const col = hIdx * nH + j;
      for (let k = 0; k < d; k++) {
        const w = lin.weight[j * d + k];
        headsT[k * hO + col] = m !== null ? w * m[j * d + k] : w;
      }
    }
  }
  const bbT: Float64Array[] = [];
  const dBbPre: Float64Array[] = [];
  for (let i = 0; i < lp.depth; i++) {
    const din = i === 0 ? lp.z0Width : lp.units;
    const wt = new Float64Array(din * lp.units);
    transposeInto(lp.units, din, p.backbone[i].weight, 0, wt);
    bbT.push(wt);
    dBbPre.push(new Float64Array(rows * lp.units));
  }
  return { dHeads: new Float64Array(rows * hO), dBbPre, headsT, bbT };
}

/**
 * BPTT of a saved {@link cfcSequenceForward} call (it must have run with `save = true`).
 * Overwrites every buffer of `out` that is not null, including all of `out.params`.
 */
export function cfcSequenceBackward(
  saved: CfcSaved,
  gIn: CfcSequenceGradInputs,
  out: CfcSequenceGradOutputs,
): void {
  checkGrads(saved, gIn, out);
  const { plan, trace: tr, batch, steps, x, timespans: ts, dropoutMasks } = saved;
  if (tr.slots !== steps)
    throw new Error("cfcSequenceBackward: the forward call did not save its activations");
  const nState = plan.stateSize;
  const nIn = plan.inputSize;
  const nOut = plan.outputSize;
  const rows = steps * batch;
  // Gradients are formed in float64 (plan.params is float64) and copied out at the end.
  const grads = createCfcGrads(plan.params);
  const dx = new Float64Array(rows * nIn);
  const dts = ts === null ? null : new Float64Array(rows);

  const work = plan.layers.map((lp) => createLayerWork(lp, rows));
  let maxH = 0;
  let maxW = 0;
  for (const lp of plan.layers) {
    maxH = Math.max(maxH, lp.hiddenSize);
    maxW = Math.max(maxW, lp.z0Width, lp.units, lp.headInput);
  }
  // Scratch, all [B, ·]: the carried state gradient, the gradient of a layer's new state,
  // the gradient handed to the previous layer, and two ping-pong buffers for the backbone.
  const dCarry = new Float64Array(batch * nState);
  if (gIn.dhFinal !== null) dCarry.set(gIn.dhFinal);
  const mixed = plan.params.lstm;
  const dcCarry = mixed !== null ? new Float64Array(batch * nState) : null;
  if (dcCarry !== null && gIn.dcFinal !== null) dcCarry.set(gIn.dcFinal);
  const dNew = new Float64Array(batch * maxH);
  const dAbove = new Float64Array(batch * maxH);
  let bufA = new Float64Array(batch * maxW);
  let bufB = new Float64Array(batch * maxW);
  const lstmDz = mixed !== null ? new Float64Array(4 * nState) : null;
  const lstmDh = mixed !== null ? new Float64Array(nState) : null;
  const dReadout = gIn.dReadout;
  const nLayers = plan.layers.length;

  for (let t = steps - 1; t >= 0; t--) {
    const row0 = t * batch;
    for (let l = nLayers - 1; l >= 0; l--) {
      const lp = plan.layers[l];
      const lt = tr.layers[l];
      const lw = work[l];
      const p = lp.params;
      const nH = lp.hiddenSize;
      const hs = lp.headSaved;
      const hO = lp.headOutputs;
      const heads = lt.heads;
      const dHeads = lw.dHeads;
      // ∂L/∂h'_l = carried + (readout or what the next layer handed down)
      for (let b = 0; b < batch; b++) {
        const s = b * nState + lp.stateOffset;
        for (let j = 0; j < nH; j++) {
          let v = dCarry[s + j];
          if (l === nLayers - 1) {
            if (dReadout !== null) v += dReadout[(b * steps + t) * nOut + j];
          } else {
            v += dAbove[b * nH + j];
          }
          dNew[b * nH + j] = v;
        }
      }
      if (plan.pure) {
        const wTau = p.wTau;
        const a = p.a;
        const gl = grads.layers[l];
        const gw = gl.wTau;
        const ga = gl.a;
        if (wTau === null || a === null || gw === null || ga === null) {
          throw new Error("cfc: pure layer without wTau/A (plan not validated)");
        }
        for (let b = 0; b < batch; b++) {
          const tsv = ts === null ? 1 : ts[b * steps + t];
          const r = (row0 + b) * hs;
          const dr = (row0 + b) * hO;
          let dtsSum = 0;
          for (let j = 0; j < nH; j++) {
            const dn = dNew[b * nH + j];
            const f1 = heads[r + j];
            const e = heads[r + nH + j];
            const aj = a[j];
            const wj = wTau[j];
            const af1e = aj * f1 * e;
            ga[j] += dn * (1 - e * f1);
            gw[j] += dn * af1e * tsv * Math.sign(wj);
            dtsSum += dn * af1e * (Math.abs(wj) + Math.abs(f1));
            dHeads[dr + j] = -aj * dn * e * (1 - tsv * Math.abs(f1));
          }
          if (dts !== null) dts[b * steps + t] += dtsSum;
        }
      } else {
        const noGate = plan.noGate;
        for (let b = 0; b < batch; b++) {
          const tsv = ts === null ? 1 : ts[b * steps + t];
          const r = (row0 + b) * hs;
          const dr = (row0 + b) * hO;
          let dtsSum = 0;
          for (let j = 0; j < nH; j++) {
            const dn = dNew[b * nH + j];
            const f1 = heads[r + j];
            const f2 = heads[r + nH + j];
            const ta = heads[r + 2 * nH + j];
            const g = heads[r + 3 * nH + j];
            const df1 = noGate ? dn : dn * (1 - g);
            const df2 = dn * g;
            const dg = noGate ? dn * f2 : dn * (f2 - f1);
            const du = dg * g * (1 - g);
            dHeads[dr + j] = df1 * (1 - f1 * f1);
            dHeads[dr + nH + j] = df2 * (1 - f2 * f2);
            dHeads[dr + 2 * nH + j] = du * tsv;
            dHeads[dr + 3 * nH + j] = du;
            dtsSum += du * ta;
          }
          if (dts !== null) dts[b * steps + t] += dtsSum;
        }
      }
      // ∂L/∂(heads input) = dHeads · W_headsᵀᵀ
      const d = lp.headInput;
      gemmNT(batch, d, hO, dHeads, row0 * hO, hO, lw.headsT, 0, hO, null, 0, bufA, 0, d, false);
      // Backbone, last layer first; bufA holds ∂L/∂(output of backbone layer i).
      const nU = lp.units;
      for (let i = lp.depth - 1; i >= 0; i--) {
        const dPre = lw.dBbPre[i];
        const o = row0 * nU;
        const keep = l === 0 && dropoutMasks !== null ? dropoutMasks[i] : null;
        if (keep !== null && keep !== undefined) {
          for (let b = 0; b < batch; b++) {
            const m = (b * steps + t) * nU;
            for (let u = 0; u < nU; u++) dPre[o + b * nU + u] = bufA[b * nU + u] * keep[m + u];
          }
        } else {
          for (let q = 0; q < batch * nU; q++) dPre[o + q] = bufA[q];
        }
        activationBackwardRow(plan.activation, lt.bbPre[i], lt.bbAct[i], o, dPre, o, batch * nU);
        const din = i === 0 ? lp.z0Width : nU;
        gemmNT(batch, din, nU, dPre, o, nU, lw.bbT[i], 0, nU, null, 0, bufB, 0, din, false);
        const tmp = bufA;
        bufA = bufB;
        bufB = tmp;
      }
      // bufA = ∂L/∂z0 = [input | state]
      const inW = lp.inputSize;
      const zW = lp.z0Width;
      for (let b = 0; b < batch; b++) {
        const zr = b * zW;
        if (l === 0) {
          const xr = (b * steps + t) * nIn;
          for (let k = 0; k < inW; k++) dx[xr + k] += bufA[zr + k];
        } else {
          for (let k = 0; k < inW; k++) dAbove[b * inW + k] = bufA[zr + k];
        }
        const s = b * nState + lp.stateOffset;
        for (let j = 0; j < nH; j++) dCarry[s + j] = bufA[zr + inW + j];
      }
    }
    if (mixed !== null && dcCarry !== null && lstmDz !== null && lstmDh !== null) {
      const lstmH = tr.lstmH;
      const lstmC = tr.lstmC;
      const lstmSave = tr.lstmSave;
      const gl = grads.lstm;
      if (lstmH === null || lstmC === null || lstmSave === null || gl === null) {
        throw new Error("cfc: mixed memory without LSTM trace (plan not validated)");
      }
      const save = lstmSaveSize(nState);
      for (let b = 0; b < batch; b++) {
        const r = (row0 + b) * nState;
        const s = b * nState;
        lstmDh.fill(0);
        lstmStepBackward(
          mixed,
          gl,
          x,
          (b * steps + t) * nIn,
          lstmH,
          r,
          lstmC,
          r,
          lstmSave,
          (row0 + b) * save,
          dCarry,
          s,
          dcCarry,
          s,
          lstmDz,
          dx,
          (b * steps + t) * nIn,
          lstmDh,
          0,
          dcCarry,
          s,
        );
        for (let j = 0; j < nState; j++) dCarry[s + j] = lstmDh[j];
      }
    }
  }
  for (let l = 0; l < nLayers; l++) {
    weightGradients(plan.layers[l], tr.layers[l], work[l], grads.layers[l], rows);
  }
  if (out.dx !== null) out.dx.set(dx);
  if (out.dTimespans !== null && dts !== null) out.dTimespans.set(dts);
  if (out.dh0 !== null) out.dh0.set(dCarry);
  if (out.dc0 !== null && dcCarry !== null) out.dc0.set(dcCarry);
  copyGrads(grads, out.params);
}

function copyLinear(src: CfcLinear | null, dst: CfcLinear | null): void {
  if (src === null || dst === null) return;
  dst.weight.set(src.weight);
  dst.bias.set(src.bias);
}

/** Copies the float64 gradients into the caller's buffers (checked to match in shape). */
function copyGrads(src: CfcGrads, dst: CfcGrads): void {
  src.layers.forEach((s, l) => {
    const d = dst.layers[l];
    s.backbone.forEach((lin, i) => {
      copyLinear(lin, d.backbone[i]);
    });
    copyLinear(s.ff1, d.ff1);
    copyLinear(s.ff2, d.ff2);
    copyLinear(s.timeA, d.timeA);
    copyLinear(s.timeB, d.timeB);
    if (s.wTau !== null) d.wTau?.set(s.wTau);
    if (s.a !== null) d.a?.set(s.a);
  });
  if (src.lstm !== null && dst.lstm !== null) {
    dst.lstm.inputWeight.set(src.lstm.inputWeight);
    dst.lstm.inputBias.set(src.lstm.inputBias);
    dst.lstm.recurrentWeight.set(src.lstm.recurrentWeight);
  }
}

/** dW = dPreᵀ·input and db = Σ dPre over all T·B rows, for the heads and the backbone. */
function weightGradients(
  lp: CfcLayerPlan,
  lt: CfcLayerTrace,
  lw: LayerWork,
  gl: CfcLayerGrads,
  rows: number,
): void {
  const nH = lp.hiddenSize;
  const hO = lp.headOutputs;
  const d = lp.headInput;
  const hin = lp.depth > 0 ? lt.bbOut[lp.depth - 1] : lt.z0;
  const hinT = new Float64Array(d * rows);
  transposeInto(rows, d, hin, 0, hinT);
  const dT = new Float64Array(hO * rows);
  transposeInto(rows, hO, lw.dHeads, 0, dT);
  const dW = new Float64Array(hO * d);
  gemmNT(hO, d, rows, dT, 0, rows, hinT, 0, rows, null, 0, dW, 0, d, false);
  const mask = lp.params.sparsityMask;
  const targets: (CfcLinear | null)[] = [gl.ff1, gl.ff2, gl.timeA, gl.timeB];
  for (let hIdx = 0; hIdx * nH < hO; hIdx++) {
    const g = targets[hIdx];
    if (g === null) throw new Error("cfc: head gradient missing (checked above)");
    const m = hIdx < 2 ? mask : null; // masked weights get masked gradients
    for (let j = 0; j < nH; j++) {
      const src = (hIdx * nH + j) * d;
      for (let k = 0; k < d; k++) {
        const v = dW[src + k];
        g.weight[j * d + k] = m !== null ? v * m[j * d + k] : v;
      }
      g.bias[j] = rowSum(dT, (hIdx * nH + j) * rows, rows);
    }
  }
  const nU = lp.units;
  for (let i = 0; i < lp.depth; i++) {
    const input = i === 0 ? lt.z0 : lt.bbOut[i - 1];
    const din = i === 0 ? lp.z0Width : nU;
    const inT = new Float64Array(din * rows);
    transposeInto(rows, din, input, 0, inT);
    const dPreT = new Float64Array(nU * rows);
    transposeInto(rows, nU, lw.dBbPre[i], 0, dPreT);
    const g = gl.backbone[i];
    gemmNT(nU, din, rows, dPreT, 0, rows, inT, 0, rows, null, 0, g.weight, 0, din, false);
    for (let u = 0; u < nU; u++) g.bias[u] = rowSum(dPreT, u * rows, rows);
  }
}

function rowSum(a: FloatArray, off: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[off + i];
  return s;
}
