/**
 * Reset masks on top of the fused sequence ops: the sequence is cut at every step where some
 * sample starts anew, and between the pieces the state rows of those samples are multiplied by
 * zero. Built from differentiable ops only, so gradients stop at a reset exactly and every
 * kernel set supports it; without resets it is one fused call.
 */

import { mul } from "../../tensor/ops/arithmetic.js";
import { concat, slice } from "../../tensor/ops/arrange.js";
import { Tensor } from "../../tensor/tensor.js";
import type { PreparedSequence } from "./sequenceIO.js";

/** What one fused call over steps `[t0, t1)` returns. */
export interface SegmentResult {
  readout: Tensor;
  hFinal: Tensor;
  cFinal: Tensor | null;
}

/** Runs the fused recurrence on one piece of the sequence. */
export type SegmentRunner = (
  x: Tensor,
  timespans: Tensor | null,
  h0: Tensor | null,
  c0: Tensor | null,
) => SegmentResult;

/** `[B, 1]` with 0 for the samples that reset at step `t`, else 1. */
function keepColumn(
  resets: Uint8Array,
  batch: number,
  steps: number,
  t: number,
  like: Tensor,
): Tensor {
  const data = like.dtype === "float64" ? new Float64Array(batch) : new Float32Array(batch);
  for (let b = 0; b < batch; b++) data[b] = resets[b * steps + t] === 1 ? 0 : 1;
  return new Tensor(data, [batch, 1]);
}

/** The prepared call with its resets applied (see the module comment). */
export function runWithResets(p: PreparedSequence, run: SegmentRunner): SegmentResult {
  const { resets, batch, steps } = p;
  if (resets === null || !resets.includes(1)) return run(p.x, p.timespans, p.h0, p.c0);
  const starts = [0];
  for (let t = 1; t < steps; t++) {
    for (let b = 0; b < batch; b++) {
      if (resets[b * steps + t] === 1) {
        starts.push(t);
        break;
      }
    }
  }
  let h = p.h0;
  let c = p.c0;
  const readouts: Tensor[] = [];
  let result: SegmentResult | null = null;
  for (let k = 0; k < starts.length; k++) {
    const t0 = starts[k];
    const t1 = k + 1 < starts.length ? starts[k + 1] : steps;
    if (h !== null) h = mul(h, keepColumn(resets, batch, steps, t0, h));
    if (c !== null) c = mul(c, keepColumn(resets, batch, steps, t0, c));
    const ts = p.timespans === null ? null : slice(p.timespans, 1, t0, t1);
    result = run(slice(p.x, 1, t0, t1), ts, h, c);
    readouts.push(result.readout);
    h = result.hFinal;
    c = result.cFinal;
  }
  if (result === null) throw new Error("runWithResets: a sequence has at least one step");
  return { readout: concat(readouts, 1), hFinal: result.hFinal, cFinal: result.cFinal };
}
