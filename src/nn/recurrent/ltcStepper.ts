/** Streaming LTC inference over the kernel's allocation-free stepper, with the state carried. */

import type { LtcStepKernel } from "../../backend/fused.js";
import type { LtcConfig, LtcParams } from "../../backend/js/ltcTypes.js";
import type { FloatArray } from "../../backend/kernels.js";
import { fusedKernels } from "../../backend/select.js";

/**
 * Streaming LTC inference from {@link LTC.stepper}: the state is carried between calls and every
 * buffer is allocated once.
 */
export class LtcSequenceStepper {
  /** Number of samples stepped together. */
  readonly batch: number;
  private readonly kernel: LtcStepKernel;
  private readonly h: FloatArray;
  private readonly c: FloatArray | null;
  private readonly x: FloatArray;
  private readonly ts: FloatArray;
  private readonly readout: FloatArray;

  /**
   * Use {@link LTC.stepper} instead.
   * @internal
   */
  constructor(config: LtcConfig, params: LtcParams, batch: number) {
    if (!Number.isInteger(batch) || batch < 1) {
      throw new RangeError(`LTC.stepper: batch must be an integer >= 1, got ${String(batch)}`);
    }
    this.batch = batch;
    this.kernel = fusedKernels().createLtcStep(config, params, batch);
    const make = (n: number): FloatArray =>
      params.gleak instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
    this.h = make(batch * config.units);
    this.c = config.mixedMemory ? make(batch * config.units) : null;
    this.x = make(batch * config.inputSize);
    this.ts = make(batch);
    this.readout = make(batch * config.motorSize);
  }

  /** The carried state `[B, H]` in neuron-id order (live). */
  get state(): FloatArray {
    return this.h;
  }

  /** The carried LSTM cell state with mixed memory, else null. */
  get cellState(): FloatArray | null {
    return this.c;
  }

  /** Zeroes the carried state (a new episode). */
  reset(): void {
    this.h.fill(0);
    this.c?.fill(0);
  }

  /** Advances one step; returns the readout `[B, M]` (overwritten by the next step). */
  step(x: ArrayLike<number>, elapsed: number | ArrayLike<number> = 1): FloatArray {
    if (x.length !== this.x.length) {
      throw new RangeError(
        `LTC stepper: x must have ${this.x.length} values ([${this.batch}, C]), got ${x.length}`,
      );
    }
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (!Number.isFinite(v))
        throw new RangeError(`LTC stepper: x must be finite, got ${v} at index ${i}`);
      this.x[i] = v;
    }
    let ts: number | FloatArray;
    if (typeof elapsed === "number") {
      if (!(elapsed > 0 && Number.isFinite(elapsed))) {
        throw new RangeError(`LTC stepper: elapsed time must be finite and > 0, got ${elapsed}`);
      }
      ts = elapsed;
    } else {
      if (elapsed.length !== this.batch) {
        throw new RangeError(
          `LTC stepper: elapsed must have ${this.batch} values, got ${elapsed.length}`,
        );
      }
      for (let b = 0; b < this.batch; b++) {
        const v = elapsed[b];
        if (!(v > 0 && Number.isFinite(v))) {
          throw new RangeError(
            `LTC stepper: elapsed time must be finite and > 0, got ${v} at index ${b}`,
          );
        }
        this.ts[b] = v;
      }
      ts = this.ts;
    }
    this.kernel.step(this.x, ts, this.h, this.h, this.readout, this.c, this.c);
    return this.readout;
  }
}
