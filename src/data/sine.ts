/**
 * The toy task of ncps's "first steps" docs (spec/papers.md A.6.2): from the pair
 * (sin t, cos t) on t = linspace(0, 3π, 48), predict sin 2t, one 48-step sequence.
 */
import { tensor } from "../tensor/creation.js";
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";

/** One batch of the sine task. */
export interface SineTask {
  /** `[1, N, 2]`: sin and cos of the phase. */
  readonly x: Tensor;
  /** `[1, N, 1]`: sine at twice the phase. */
  readonly y: Tensor;
  /** The phases t (float64, length N). */
  readonly phase: Float64Array;
}

/** numpy `linspace(start, stop, n)`: `start + i·step`, with the last point exactly `stop`. */
export function linspace(start: number, stop: number, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`linspace: n must be an integer >= 1, got ${n}`);
  }
  const out = new Float64Array(n);
  const step = n > 1 ? (stop - start) / (n - 1) : 0;
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  if (n > 1) out[n - 1] = stop;
  return out;
}

/**
 * The ncps first-steps data: `x = [sin(linspace(0, 3π, n)), cos(...)]`,
 * `y = sin(linspace(0, 6π, n))` (the same as sin 2t), default n = 48.
 */
export function sineTask(options: { steps?: number; dtype?: DType } = {}): SineTask {
  const n = options.steps ?? 48;
  const dtype = options.dtype ?? "float32";
  const phase = linspace(0, 3 * Math.PI, n);
  const target = linspace(0, 6 * Math.PI, n);
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = Math.sin(phase[i]);
    x[2 * i + 1] = Math.cos(phase[i]);
    y[i] = Math.sin(target[i]);
  }
  return {
    x: tensor(x, { shape: [1, n, 2], dtype }),
    y: tensor(y, { shape: [1, n, 1], dtype }),
    phase,
  };
}
