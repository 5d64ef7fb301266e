/**
 * Gradient clipping with torch 1.13 semantics (`torch.nn.utils.clip_grad_norm_` and
 * `clip_grad_value_`). Parameters whose gradient is null are ignored.
 */
import type { FloatArray, ParamLike } from "./types.js";
import { describe } from "./validate.js";

function gradsOf(params: readonly ParamLike[], where: string): FloatArray[] {
  if (!Array.isArray(params)) {
    throw new TypeError(`${where}: params must be an array of parameters, got ${describe(params)}`);
  }
  const grads: FloatArray[] = [];
  for (const param of params) {
    if (param.grad !== null) grads.push(param.grad.data);
  }
  return grads;
}

/** The p-norm of one buffer (p = Infinity: largest magnitude). */
function bufferNorm(values: ArrayLike<number>, p: number): number {
  let acc = 0;
  if (p === Number.POSITIVE_INFINITY) {
    for (let i = 0; i < values.length; i++) {
      const a = Math.abs(values[i]);
      // NaN must win, as torch's max does.
      if (a > acc || Number.isNaN(a)) acc = a;
    }
    return acc;
  }
  if (p === 2) {
    for (let i = 0; i < values.length; i++) acc += values[i] * values[i];
    return Math.sqrt(acc);
  }
  if (p === 1) {
    for (let i = 0; i < values.length; i++) acc += Math.abs(values[i]);
    return acc;
  }
  for (let i = 0; i < values.length; i++) acc += Math.abs(values[i]) ** p;
  return acc ** (1 / p);
}

/**
 * Scales all gradients together so that their total `normType`-norm is at most `maxNorm`,
 * and returns the total norm before clipping. As torch: the total is the norm of the
 * per-parameter norms, the scale is `maxNorm / (total + 1e-6)` and is applied only when
 * below 1 (a NaN total spreads NaN to every gradient unless `errorIfNonfinite`).
 * Returns 0 when no parameter has a gradient.
 */
export function clipGradNorm(
  params: readonly ParamLike[],
  maxNorm: number,
  normType = 2,
  errorIfNonfinite = false,
): number {
  const where = "clipGradNorm";
  if (typeof maxNorm !== "number" || Number.isNaN(maxNorm)) {
    throw new TypeError(`${where}: maxNorm must be a number, got ${describe(maxNorm)}`);
  }
  if (typeof normType !== "number" || !(normType > 0)) {
    throw new RangeError(`${where}: normType must be > 0 (or Infinity), got ${describe(normType)}`);
  }
  const grads = gradsOf(params, where);
  if (grads.length === 0) return 0;
  const norms = grads.map((g) => bufferNorm(g, normType));
  const total = norms.length === 1 ? norms[0] : bufferNorm(norms, normType);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new RangeError(
      `${where}: the total norm of order ${normType} of the gradients is ${total}; set errorIfNonfinite to false to clip anyway`,
    );
  }
  const coef = maxNorm / (total + 1e-6);
  // torch multiplies by clamp(coef, max=1): a no-op at 1, and NaN stays NaN.
  if (!(coef >= 1)) {
    for (const g of grads) {
      for (let i = 0; i < g.length; i++) g[i] *= coef;
    }
  }
  return total;
}

/** Clamps every gradient element into `[-clipValue, clipValue]` in place (NaN stays NaN). */
export function clipGradValue(params: readonly ParamLike[], clipValue: number): void {
  const where = "clipGradValue";
  if (typeof clipValue !== "number" || !(clipValue >= 0)) {
    throw new RangeError(`${where}: clipValue must be a number >= 0, got ${describe(clipValue)}`);
  }
  for (const g of gradsOf(params, where)) {
    for (let i = 0; i < g.length; i++) {
      if (g[i] > clipValue) g[i] = clipValue;
      else if (g[i] < -clipValue) g[i] = -clipValue;
    }
  }
}
