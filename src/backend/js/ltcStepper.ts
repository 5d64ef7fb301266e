/**
 * Streaming LTC inference, one step at a time, with every buffer allocated once up front.
 * A step computes exactly what one step of {@link ltcSequenceForward} computes (same code,
 * same summation order), so a stream of steps reproduces the sequence kernel bit for bit.
 */
import type { FloatArray } from "../kernels.js";
import {
  cellForward,
  createCellScratch,
  fillCmOverDelta,
  fromBatchInner,
  gatherInputs,
  type LtcCellScratch,
  mapInputs,
  toBatchInner,
  writeReadout,
} from "./ltcCell.js";
import { MixedMemoryStep } from "./ltcMixedMemory.js";
import { createLtcPlan, type LtcPlan } from "./ltcPlan.js";
import { checkInteger, checkLength, type LtcConfig, type LtcParams } from "./ltcTypes.js";

/** Allocation-free single-step LTC forward for a fixed batch size. */
export class LtcStepper {
  readonly config: LtcConfig;
  readonly batch: number;
  private plan: LtcPlan;
  private scratch: LtcCellScratch;
  /** v_0..v_U of the current step, batch-inner. */
  private readonly states: Float64Array;
  private readonly raw: Float64Array;
  private readonly elapsed: Float64Array;
  private mixed: MixedMemoryStep | null;

  /** Checks `config` and `params` and sizes every buffer for `batch` samples. */
  constructor(config: LtcConfig, params: LtcParams, batch: number) {
    checkInteger("batch", batch, 1);
    this.plan = createLtcPlan(config, params);
    this.config = this.plan.config;
    this.batch = batch;
    this.scratch = createCellScratch(this.plan, batch);
    this.states = new Float64Array((config.odeUnfolds + 1) * config.units * batch);
    this.raw = new Float64Array(config.inputSize * batch);
    this.elapsed = new Float64Array(batch);
    this.mixed = params.lstm === null ? null : new MixedMemoryStep(config, params.lstm, batch);
  }

  /**
   * Re-reads the parameters (after an optimiser step or a weight load). This rebuilds the
   * constrained copies, so it allocates; `step` itself never does.
   */
  setParams(params: LtcParams): void {
    this.plan = createLtcPlan(this.config, params);
    this.scratch = createCellScratch(this.plan, this.batch);
    this.mixed =
      params.lstm === null ? null : new MixedMemoryStep(this.config, params.lstm, this.batch);
  }

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
    cIn: FloatArray | null = null,
    cOut: FloatArray | null = null,
  ): void {
    const { batch, plan, scratch, states } = this;
    const { units: h, inputSize: c, motorSize: m } = this.config;
    checkLength("x", x, batch * c);
    checkLength("hIn", hIn, batch * h);
    checkLength("hOut", hOut, batch * h);
    checkLength("readout", readout, batch * m);
    let elapsedBuf: Float64Array | null = null;
    if (elapsed !== null) {
      elapsedBuf = this.elapsed;
      if (typeof elapsed === "number") elapsedBuf.fill(elapsed);
      else {
        checkLength("elapsed", elapsed, batch);
        for (let b = 0; b < batch; b++) elapsedBuf[b] = elapsed[b];
      }
    }
    toBatchInner(h, batch, hIn, states, 0);
    gatherInputs(c, batch, x, 0, c, this.raw, 0);
    if (this.mixed !== null) {
      if (cIn === null || cOut === null) {
        throw new TypeError("cIn/cOut: expected [B, H] buffers with mixed memory, got null");
      }
      checkLength("cIn", cIn, batch * h);
      checkLength("cOut", cOut, batch * h);
      this.mixed.step(x, hIn, cIn, cOut, states);
    } else if (cIn !== null || cOut !== null) {
      throw new TypeError("cIn/cOut: expected null without mixed memory, got a buffer");
    }
    mapInputs(plan, scratch, this.raw, 0);
    fillCmOverDelta(plan, scratch, elapsedBuf, 0);
    cellForward(plan, scratch, states, 0, null, 0);
    const end = this.config.odeUnfolds * h * batch;
    writeReadout(plan, batch, states, end, readout, 0, m);
    fromBatchInner(h, batch, states, end, hOut);
  }
}
