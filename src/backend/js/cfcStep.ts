/**
 * Streaming CfC inference: one step at a time for a fixed batch, allocation-free. A workspace
 * is created once for a parameter set and batch size; each {@link cfcStep} runs the same step
 * code as the sequence kernel (cfcForward.ts) on preallocated buffers, with the weights packed
 * for a fast pass over them (bit-identical products, see packedLinear.ts).
 */
import type { FloatArray } from "./activations.js";
import {
  type CfcTrace,
  cfcForwardStep,
  createCfcTrace,
  expectSameType,
  type PackedCfcLayer,
} from "./cfcForward.js";
import {
  type CfcParams,
  type CfcPlan,
  createCfcPlan,
  expectInteger,
  expectLength,
} from "./cfcTypes.js";
import { type LinearStack, type LinearToPack, packWeights } from "./packedLinear.js";

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
  /** The weights of every layer, packed when the workspace was made. */
  readonly packed: readonly PackedCfcLayer[];
}

/**
 * A workspace for stepping `params` with `batch` samples; the state starts at zero. Like the
 * sequence kernel, it keeps states and readout in float64 whatever the parameter type, so
 * stepping reproduces a sequence call exactly. The parameters are validated and the weights
 * copied here: later changes to them are not seen (make the workspace after training). The
 * mixed-memory LSTM is the exception: it reads its parameters at every step.
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
    packed: packLayers(plan),
  };
}

/** Packs every layer's backbone Linears and stacked heads into one store. */
function packLayers(plan: CfcPlan): PackedCfcLayer[] {
  const stacks: LinearStack[] = [];
  for (const lp of plan.layers) {
    const p = lp.params;
    p.backbone.forEach((lin, i) => {
      stacks.push({ layers: [{ ...lin, mask: null }], k: i === 0 ? lp.z0Width : lp.units });
    });
    const heads: LinearToPack[] = [{ ...p.ff1, mask: p.sparsityMask }];
    if (p.ff2 !== null) heads.push({ ...p.ff2, mask: p.sparsityMask });
    if (p.timeA !== null) heads.push({ ...p.timeA, mask: null });
    if (p.timeB !== null) heads.push({ ...p.timeB, mask: null });
    stacks.push({ layers: heads, k: lp.headInput });
  }
  const packed = packWeights(stacks).linears;
  let next = 0;
  return plan.layers.map((lp) => {
    const backbone = packed.slice(next, next + lp.depth);
    next += lp.depth;
    return { backbone, heads: packed[next++] };
  });
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
  cfcForwardStep(plan, ws.trace, 0, 1, 0, x, timespans, null, ws.h, ws.c, ws.packed);
}
