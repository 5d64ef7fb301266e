/**
 * Mixed memory for the LTC kernels (ncps `LTC(mixed_memory=True)`, spec/ncps.md 2.4): each step
 * the LSTM runs first on x_t and its output h' replaces the state entering the LTC cell, while
 * its cell state c is carried alongside. The LSTM arithmetic is `lstm.ts`; this module keeps the
 * per-step buffers it needs (batch-first rows) and bridges them to the LTC's batch-inner state.
 */
import type { FloatArray } from "../kernels.js";
import {
  type LstmGrads,
  type LstmParams,
  lstmSaveSize,
  lstmStepBackward,
  lstmStepForward,
} from "./lstm.js";
import { fromBatchInner, toBatchInner } from "./ltcCell.js";
import type { LtcConfig, LtcLstmGrads, LtcLstmParams } from "./ltcTypes.js";

function lstmParamsOf(config: LtcConfig, lstm: LtcLstmParams): LstmParams {
  return {
    inputSize: config.inputSize,
    hiddenSize: config.units,
    inputWeight: lstm.inputWeight,
    inputBias: lstm.inputBias,
    recurrentWeight: lstm.recurrentWeight,
  };
}

/**
 * The LSTM of a sequence call: forward one step at a time, keeping what backward needs, then
 * backward in reverse step order with float64 gradient accumulators.
 */
export class MixedMemorySequence {
  private readonly p: LstmParams;
  private readonly batch: number;
  private readonly saveSize: number;
  /** Raw inputs, `[kept][B][C]`. */
  private readonly xRows: Float64Array;
  /** State entering the LSTM, `[kept][B][H]`. */
  private readonly hRows: Float64Array;
  /** Cell state entering step t at slot t, leaving it at slot t + 1: `[kept + 1][B][H]`. */
  private readonly cells: Float64Array;
  /** The LSTM's saved activations, `[kept][B][5H]`. */
  private readonly gates: Float64Array;
  private readonly hNew: Float64Array;
  private readonly kept: number;
  // Backward state.
  private readonly dc: Float64Array;
  private readonly dh: Float64Array;
  private readonly dhNext: Float64Array;
  private readonly dz: Float64Array;
  private readonly dxRows: Float64Array;
  private readonly grads: LstmGrads;

  /**
   * @param kept number of steps whose activations are kept (the sequence length to allow
   * backward, else 1).
   * @param c0 `[B, H]` initial cell state, or null for zeros.
   */
  constructor(
    config: LtcConfig,
    lstm: LtcLstmParams,
    batch: number,
    kept: number,
    c0: FloatArray | null,
  ) {
    const { units: h, inputSize: c } = config;
    this.p = lstmParamsOf(config, lstm);
    this.batch = batch;
    this.kept = kept;
    this.saveSize = lstmSaveSize(h);
    this.xRows = new Float64Array(kept * batch * c);
    this.hRows = new Float64Array(kept * batch * h);
    this.cells = new Float64Array((kept + 1) * batch * h);
    if (c0 !== null) this.cells.set(c0);
    this.gates = new Float64Array(kept * batch * this.saveSize);
    this.hNew = new Float64Array(batch * h);
    this.dc = new Float64Array(batch * h);
    this.dh = new Float64Array(batch * h);
    this.dhNext = new Float64Array(batch * h);
    this.dz = new Float64Array(4 * h);
    this.dxRows = new Float64Array(batch * c);
    this.grads = {
      inputWeight: new Float64Array(4 * h * c),
      inputBias: new Float64Array(4 * h),
      recurrentWeight: new Float64Array(4 * h * h),
    };
  }

  /**
   * Runs the LSTM for step t (kept at `slot`): x_t is `x[b, t, :]` of the `[B, T, C]` input,
   * the incoming state is read from the batch-inner `states` at `vOff` and replaced by h'.
   */
  forward(
    t: number,
    slot: number,
    x: FloatArray,
    steps: number,
    states: Float64Array,
    vOff: number,
  ): void {
    const { batch, p } = this;
    const c = p.inputSize;
    const h = p.hiddenSize;
    if (this.kept === 1 && t > 0) this.cells.copyWithin(0, batch * h, 2 * batch * h);
    const xBase = slot * batch * c;
    for (let b = 0; b < batch; b++) {
      for (let k = 0; k < c; k++) this.xRows[xBase + b * c + k] = x[(b * steps + t) * c + k];
    }
    const hBase = slot * batch * h;
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < h; j++) this.hRows[hBase + b * h + j] = states[vOff + j * batch + b];
    }
    for (let b = 0; b < batch; b++) {
      const row = (slot * batch + b) * h;
      lstmStepForward(
        p,
        this.xRows,
        xBase + b * c,
        this.hRows,
        row,
        this.cells,
        row,
        this.hNew,
        b * h,
        this.cells,
        row + batch * h,
        this.gates,
        (slot * batch + b) * this.saveSize,
      );
    }
    toBatchInner(h, batch, this.hNew, states, vOff);
  }

  /** Writes the cell state after the last step into `out` (`[B, H]`). */
  writeFinalCell(out: FloatArray): void {
    const n = this.batch * this.p.hiddenSize;
    const last = this.kept * n;
    for (let i = 0; i < n; i++) out[i] = this.cells[last + i];
  }

  /** Starts backward with d loss / d cFinal (`[B, H]`, null for zero). */
  beginBackward(dcFinal: FloatArray | null): void {
    if (dcFinal === null) this.dc.fill(0);
    else for (let i = 0; i < this.dc.length; i++) this.dc[i] = dcFinal[i];
    this.grads.inputWeight.fill(0);
    this.grads.inputBias.fill(0);
    this.grads.recurrentWeight.fill(0);
  }

  /**
   * Backward of step t: `g` (batch-inner) holds d loss / d h' on entry and d loss / d h_{t-1}
   * on exit; the gradient w.r.t. x_t is added into `dx` (`[B, T, C]`) when given.
   */
  backward(t: number, g: Float64Array, dx: FloatArray | null, steps: number): void {
    const { batch, p } = this;
    const c = p.inputSize;
    const h = p.hiddenSize;
    fromBatchInner(h, batch, g, 0, this.dhNext);
    this.dh.fill(0);
    this.dxRows.fill(0);
    for (let b = 0; b < batch; b++) {
      const row = (t * batch + b) * h;
      lstmStepBackward(
        p,
        this.grads,
        this.xRows,
        (t * batch + b) * c,
        this.hRows,
        row,
        this.cells,
        row,
        this.gates,
        (t * batch + b) * this.saveSize,
        this.dhNext,
        b * h,
        this.dc,
        b * h,
        this.dz,
        this.dxRows,
        b * c,
        this.dh,
        b * h,
        this.dc,
        b * h,
      );
    }
    toBatchInner(h, batch, this.dh, g, 0);
    if (dx === null) return;
    for (let b = 0; b < batch; b++) {
      for (let k = 0; k < c; k++) dx[(b * steps + t) * c + k] += this.dxRows[b * c + k];
    }
  }

  /** Writes d loss / d c0 (when given) and the LSTM parameter gradients (overwritten). */
  finishBackward(dc0: FloatArray | null, grads: LtcLstmGrads | null): void {
    if (dc0 !== null) for (let i = 0; i < this.dc.length; i++) dc0[i] = this.dc[i];
    if (grads === null) return;
    grads.inputWeight.set(this.grads.inputWeight);
    grads.inputBias.set(this.grads.inputBias);
    grads.recurrentWeight.set(this.grads.recurrentWeight);
  }
}

/** The LSTM of the streaming stepper: one step, no saved activations, no allocation. */
export class MixedMemoryStep {
  private readonly p: LstmParams;
  private readonly batch: number;
  private readonly hNew: Float64Array;
  private readonly gates: Float64Array;

  constructor(config: LtcConfig, lstm: LtcLstmParams, batch: number) {
    this.p = lstmParamsOf(config, lstm);
    this.batch = batch;
    this.hNew = new Float64Array(batch * config.units);
    this.gates = new Float64Array(lstmSaveSize(config.units));
  }

  /**
   * Runs the LSTM on `x` (`[B, C]`), `hIn` and `cIn` (`[B, H]`), writes `cOut` and puts h' into
   * the batch-inner `states` at offset 0. `cOut` may be `cIn`.
   */
  step(
    x: FloatArray,
    hIn: FloatArray,
    cIn: FloatArray,
    cOut: FloatArray,
    states: Float64Array,
  ): void {
    const { batch, p } = this;
    const c = p.inputSize;
    const h = p.hiddenSize;
    for (let b = 0; b < batch; b++) {
      lstmStepForward(
        p,
        x,
        b * c,
        hIn,
        b * h,
        cIn,
        b * h,
        this.hNew,
        b * h,
        cOut,
        b * h,
        this.gates,
        0,
      );
    }
    toBatchInner(h, batch, this.hNew, states, 0);
  }
}
