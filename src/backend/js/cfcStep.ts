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
} from "./cfcTypes.js";

/** Preallocated buffers of a streaming CfC. */
export interface CfcStepWorkspace {
  readonly plan: CfcPlan;
  readonly batch: number;
  /** [B, H] state, read and updated by every step; set it to start from another state. */
  readonly h: Float64Array;
  /** [B, H] LSTM cell state with mixed memory, else null. */
  readonly c: Float64Array | null;
  /** [B, H_last] readout of the latest step (overwritten by each step). */
  readonly readout: Float64Array;
  readonly trace: CfcTrace;
}

/**
 * A workspace for stepping `params` with `batch` samples; the state starts at zero. Like the
 * sequence kernel, it keeps states and readout in float64 whatever the parameter type, so
 * stepping reproduces a sequence call exactly. The parameters are validated once here and
 * read by reference at every step, so in-place updates of their arrays are seen.
 */
export function createCfcStepWorkspace(params: CfcParams, batch: number): CfcStepWorkspace {
  expectInteger("batch", batch, 1);
  const plan = createCfcPlan(params);
  const trace = createCfcTrace(plan, batch, 1, null);
  return {
    plan,
    batch,
    h: new Float64Array(batch * plan.stateSize),
    c: params.lstm === null ? null : new Float64Array(batch * plan.stateSize),
    readout: trace.layers[trace.layers.length - 1].hNew,
    trace,
  };
}

/**
 * Advances the workspace state by one step: `x` is [B, C], `timespans` [B] elapsed times or
 * null for 1.0, both of the parameters' element type. Writes `ws.readout` and updates `ws.h`
 * (and `ws.c`) in place.
 */
export function cfcStep(ws: CfcStepWorkspace, x: FloatArray, timespans: FloatArray | null): void {
  const plan = ws.plan;
  if (x.length !== ws.batch * plan.inputSize) expectLength("x", x, ws.batch * plan.inputSize);
  const like = plan.params.layers[0].ff1.weight;
  if (x.constructor !== like.constructor) expectSameType("x", x, like);
  if (timespans !== null) {
    if (timespans.length !== ws.batch) expectLength("timespans", timespans, ws.batch);
    if (timespans.constructor !== like.constructor) expectSameType("timespans", timespans, like);
  }
  cfcForwardStep(plan, ws.trace, 0, 1, 0, x, timespans, null, ws.h, ws.c);
}
