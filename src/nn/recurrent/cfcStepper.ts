/**
 * Streaming CfC inference: the state is carried between calls and every buffer is allocated
 * once, so a step costs only its arithmetic (the real-time control use case of liquid networks).
 */

import type { CfcStepKernel } from "../../backend/fused.js";
import type { CfcParams } from "../../backend/js/cfc.js";
import type { FloatArray } from "../../backend/kernels.js";
import { fusedKernels } from "../../backend/select.js";
import type { Linear } from "../linear.js";

/**
 * Streaming CfC inference from {@link CfC.stepper}: the state is carried between calls and every
 * buffer is allocated once, so a step costs only its arithmetic.
 */
export class CfcStepper {
  /** Number of samples stepped together. */
  readonly batch: number;
  private readonly ws: CfcStepKernel;
  private readonly x: FloatArray;
  private readonly ts: FloatArray;
  private readonly projected: FloatArray | null;
  private readonly fc: Linear | null;

  /**
   * Use {@link CfC.stepper} instead.
   * @internal
   */
  constructor(params: CfcParams, fc: Linear | null, batch: number, inputSize: number) {
    if (!Number.isInteger(batch) || batch < 1) {
      throw new RangeError(`CfC.stepper: batch must be an integer >= 1, got ${String(batch)}`);
    }
    this.batch = batch;
    this.ws = fusedKernels().createCfcStep(params, batch);
    const like = params.layers[0].ff1.weight;
    const make = (n: number): FloatArray =>
      like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
    this.x = make(batch * inputSize);
    this.ts = make(batch);
    this.fc = fc;
    this.projected = fc === null ? null : make(batch * fc.outFeatures);
  }

  /** The carried state `[B, H]` (live; write into it to start from another state). */
  get state(): FloatArray {
    return this.ws.h;
  }

  /** The carried LSTM cell state with mixed memory, else null. */
  get cellState(): FloatArray | null {
    return this.ws.c;
  }

  /** Zeroes the carried state (a new episode). */
  reset(): void {
    this.ws.h.fill(0);
    this.ws.c?.fill(0);
  }

  /**
   * Advances one step. `x` holds `[B, C]` values; `elapsed` is one time for all samples or one per
   * sample (default 1). Returns the readout `[B, out]`, a buffer overwritten by the next step.
   */
  step(x: ArrayLike<number>, elapsed: number | ArrayLike<number> = 1): FloatArray {
    if (x.length !== this.x.length) {
      throw new RangeError(
        `CfC stepper: x must have ${this.x.length} values ([${this.batch}, C]), got ${x.length}`,
      );
    }
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (!Number.isFinite(v))
        throw new RangeError(`CfC stepper: x must be finite, got ${v} at index ${i}`);
      this.x[i] = v;
    }
    let ts: FloatArray | null = null;
    if (typeof elapsed === "number") {
      if (!(elapsed >= 0 && Number.isFinite(elapsed))) {
        throw new RangeError(`CfC stepper: elapsed time must be finite and >= 0, got ${elapsed}`);
      }
      if (elapsed !== 1) ts = this.ts.fill(elapsed);
    } else {
      if (elapsed.length !== this.batch) {
        throw new RangeError(
          `CfC stepper: elapsed must have ${this.batch} values, got ${elapsed.length}`,
        );
      }
      for (let b = 0; b < this.batch; b++) {
        const v = elapsed[b];
        if (!(v >= 0 && Number.isFinite(v))) {
          throw new RangeError(
            `CfC stepper: elapsed time must be finite and >= 0, got ${v} at index ${b}`,
          );
        }
        this.ts[b] = v;
      }
      ts = this.ts;
    }
    this.ws.step(this.x, ts);
    const out = this.projected;
    if (out === null || this.fc === null) return this.ws.readout;
    const w = this.fc.weight.data;
    const bias = this.fc.bias?.data ?? null;
    const nIn = this.fc.inFeatures;
    const nOut = this.fc.outFeatures;
    const r = this.ws.readout;
    for (let b = 0; b < this.batch; b++) {
      for (let j = 0; j < nOut; j++) {
        let s = bias === null ? 0 : bias[j];
        for (let k = 0; k < nIn; k++) s += w[j * nIn + k] * r[b * nIn + k];
        out[b * nOut + j] = s;
      }
    }
    return out;
  }
}
