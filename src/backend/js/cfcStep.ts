/**
 * Streaming CfC inference: one step at a time for a fixed batch, allocation-free. A workspace
 * is created once for a parameter set and batch size; each {@link cfcStep} runs the same step
 * code as the sequence kernel (cfcForward.ts) on preallocated buffers.
 */
import type { FloatArray } from "./activations.js";
import { type CfcTrace, cfcForwardStep, createCfcTrace, expectSameType } from "./cfcForward.js";
import {
  type CfcParams,
  type CfcPlan,
  createCfcPlan,
  expectInteger,
  expectLength,
  zerosLike,
} from "./cfcTypes.js";

/** Preallocated buffers of a streaming CfC. */
export interface CfcStepWorkspace {
  readonly plan: CfcPlan;
  readonly batch: number;
  /** [B, H] state, read and updated by every step; set it to start from another state. */
  readonly h: FloatArray;
  /** [B, H] LSTM cell state with mixed memory, else null. */
  readonly c: FloatArray | null;
  /** [B, H_last] readout of the latest step (overwritten by each step). */
  readonly readout: FloatArray;
  readonly trace: CfcTrace;
}

/**
 * A workspace for stepping `params` with `batch` samples. Its buffers take the element type of
 * the parameters; the state starts at zero. The parameters are validated once here and read
 * by reference at every step, so in-place updates of their arrays are seen.
 */
export function createCfcStepWorkspace(params: CfcParams, batch: number): CfcStepWorkspace {
  expectInteger("batch", batch, 1);
  const plan = createCfcPlan(params);
  const like = params.layers[0].ff1.weight;
  const trace = createCfcTrace(plan, batch, 1, like, null);
  return {
    plan,
    batch,
    h: zerosLike(like, batch * plan.stateSize),
    c: params.lstm === null ? null : zerosLike(like, batch * plan.stateSize),
    readout: trace.layers[trace.layers.length - 1].hNew,
    trace,
  };
}

/**
 * Advances the workspace state by one step: `x` is [B, C], `timespans` [B] elapsed times or
 * null for 1.0. Writes `ws.readout` and updates `ws.h` (and `ws.c`) in place.
 */
export function cfcStep(ws: CfcStepWorkspace, x: FloatArray, timespans: FloatArray | null): void {
  const plan = ws.plan;
  if (x.length !== ws.batch * plan.inputSize) expectLength("x", x, ws.batch * plan.inputSize);
  if (x.constructor !== ws.h.constructor) expectSameType("x", x, ws.h);
  if (timespans !== null) {
    if (timespans.length !== ws.batch) expectLength("timespans", timespans, ws.batch);
    if (timespans.constructor !== ws.h.constructor) expectSameType("timespans", timespans, ws.h);
  }
  cfcForwardStep(plan, ws.trace, 0, 1, 0, x, timespans, null, ws.h, ws.c);
}
