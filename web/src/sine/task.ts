/**
 * The sine task of the ncps examples: from the two inputs sin(t) and cos(t), t in [0, 3*pi]
 * over 48 steps, a CfC on AutoNCP(16, 1) learns to output sin(2t). Full-batch Adam on MSE, one
 * optimiser step per call, so the page can interleave training with drawing.
 */
import {
  Adam,
  AutoNCP,
  CfC,
  clipGradNorm,
  mseLoss,
  noGrad,
  type Tensor,
  tensor,
} from "../../../src/browser.js";

/** Steps in the sequence. */
export const SINE_STEPS = 48;

/** The inputs `[1, 48, 2]` (sin t, cos t) and targets `[1, 48, 1]` (sin 2t) as flat arrays. */
export interface SineData {
  readonly inputs: Float32Array;
  readonly targets: Float32Array;
}

/** Builds the task's data: t = 3*pi*i/47 for i = 0..47. */
export function sineData(): SineData {
  const inputs = new Float32Array(SINE_STEPS * 2);
  const targets = new Float32Array(SINE_STEPS);
  for (let i = 0; i < SINE_STEPS; i++) {
    const t = (i / (SINE_STEPS - 1)) * 3 * Math.PI;
    inputs[2 * i] = Math.sin(t);
    inputs[2 * i + 1] = Math.cos(t);
    targets[i] = Math.sin(2 * t);
  }
  return { inputs, targets };
}

/** Options of {@link SineTrainer}. */
export interface SineTrainerOptions {
  /** Seeds the wiring and the initial weights (default 0). */
  seed?: number;
  /** Adam's learning rate (default 0.01). */
  lr?: number;
}

/** Trains CfC(2, AutoNCP(16, 1)) on the sine task one step at a time. */
export class SineTrainer {
  readonly data: SineData;
  readonly model: CfC;
  /** Losses of every step taken so far (before each step's update). */
  readonly losses: number[] = [];
  private readonly optimizer: Adam;
  private readonly x: Tensor;
  private readonly y: Tensor;

  constructor(options: SineTrainerOptions = {}) {
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed) || seed < 0) {
      throw new RangeError(`seed must be a non-negative integer, got ${String(seed)}`);
    }
    const lr = options.lr ?? 0.01;
    if (!(lr > 0 && Number.isFinite(lr))) {
      throw new RangeError(`lr must be a positive finite number, got ${String(lr)}`);
    }
    this.data = sineData();
    this.model = new CfC(2, new AutoNCP(16, 1, { seed }), { seed, dtype: "float32" });
    this.optimizer = new Adam(this.model.parameters(), { lr });
    this.x = tensor(this.data.inputs, { shape: [1, SINE_STEPS, 2] });
    this.y = tensor(this.data.targets, { shape: [1, SINE_STEPS, 1] });
  }

  /** Optimiser steps taken. */
  get epoch(): number {
    return this.losses.length;
  }

  /** One full-batch Adam step (gradients clipped to norm 1); returns the loss before it. */
  step(): number {
    this.optimizer.zeroGrad();
    const [out] = this.model.forward(this.x);
    const loss = mseLoss(out, this.y);
    loss.backward();
    clipGradNorm(this.model.parameters(), 1);
    this.optimizer.step();
    const value = loss.data[0];
    this.losses.push(value);
    return value;
  }

  /** The model's current output for the 48 steps. */
  predict(): Float32Array {
    return noGrad(() => Float32Array.from(this.model.forward(this.x)[0].data));
  }
}
