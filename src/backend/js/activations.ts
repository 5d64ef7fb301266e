/**
 * Scalar activation functions and their derivatives, shared by the CfC and LTC kernels, with the
 * exact formulas ncps-torch evaluates (spec/ncps.md 2.2): lecun_tanh uses 0.666 (not 2/3), gelu
 * is the exact erf form, softplus follows torch's `threshold = 20`. Kernels call the array
 * helpers below, which switch on the activation once per row instead of once per element.
 */
import { erf } from "./erf.js";

export { erf };

import type { FloatArray } from "../kernels.js";

export type { FloatArray };

/** Backbone activations accepted by the CfC cell. */
export type BackboneActivation = "lecun_tanh" | "tanh" | "relu" | "silu" | "gelu";

/** The backbone activations in a fixed order (index = activation code). */
export const BACKBONE_ACTIVATIONS: readonly BackboneActivation[] = [
  "lecun_tanh",
  "tanh",
  "relu",
  "silu",
  "gelu",
];

const LECUN_SCALE = 1.7159;
const LECUN_SLOPE = 0.666;
const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327; // 1/sqrt(2*pi)

/** Logistic sigmoid 1/(1+e^-x). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** d sigmoid / dx at x. */
export function sigmoidDerivative(x: number): number {
  const s = 1 / (1 + Math.exp(-x));
  return s * (1 - s);
}

/** d tanh / dx at x. */
export function tanhDerivative(x: number): number {
  const t = Math.tanh(x);
  return 1 - t * t;
}

/** ncps' lecun_tanh: 1.7159·tanh(0.666·x). */
export function lecunTanh(x: number): number {
  return LECUN_SCALE * Math.tanh(LECUN_SLOPE * x);
}

/** d lecun_tanh / dx at x. */
export function lecunTanhDerivative(x: number): number {
  const t = Math.tanh(LECUN_SLOPE * x);
  return LECUN_SCALE * LECUN_SLOPE * (1 - t * t);
}

/** max(0, x). */
export function relu(x: number): number {
  return Math.max(x, 0);
}

/** d relu / dx, with torch's convention of 0 at x = 0. */
export function reluDerivative(x: number): number {
  return x > 0 ? 1 : 0;
}

/** SiLU (swish): x·sigmoid(x). */
export function silu(x: number): number {
  return x / (1 + Math.exp(-x));
}

/** d silu / dx = s·(1 + x·(1 − s)) with s = sigmoid(x). */
export function siluDerivative(x: number): number {
  const s = 1 / (1 + Math.exp(-x));
  return s * (1 + x * (1 - s));
}

/** torch's exact gelu: x·½·(1 + erf(x/√2)). */
export function gelu(x: number): number {
  return x * 0.5 * (1 + erf(x * SQRT1_2));
}

/** d gelu / dx = Φ(x) + x·φ(x). */
export function geluDerivative(x: number): number {
  const cdf = 0.5 * (1 + erf(x * SQRT1_2));
  return cdf + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** torch softplus (beta 1, threshold 20): x when x > 20, else log(1 + e^x). */
export function softplus(x: number): number {
  return x > 20 ? x : Math.log1p(Math.exp(x));
}

/** d softplus / dx: 1 above the threshold, else sigmoid(x). */
export function softplusDerivative(x: number): number {
  if (x > 20) return 1;
  const z = Math.exp(x);
  return z / (z + 1);
}

/** The code used by the array helpers for an activation name; throws on unknown names. */
export function activationCode(name: string): number {
  const i = (BACKBONE_ACTIVATIONS as readonly string[]).indexOf(name);
  if (i < 0) {
    throw new RangeError(
      `activation: expected one of ${BACKBONE_ACTIVATIONS.join(", ")}, got ${JSON.stringify(name)}`,
    );
  }
  return i;
}

/** post[off+i] = act(pre[off+i]) for i < n; `code` from {@link activationCode}. */
export function activateRow(
  code: number,
  pre: FloatArray,
  post: FloatArray,
  off: number,
  n: number,
): void {
  const end = off + n;
  switch (code) {
    case 0:
      for (let i = off; i < end; i++) post[i] = LECUN_SCALE * Math.tanh(LECUN_SLOPE * pre[i]);
      break;
    case 1:
      for (let i = off; i < end; i++) post[i] = Math.tanh(pre[i]);
      break;
    case 2:
      for (let i = off; i < end; i++) post[i] = Math.max(pre[i], 0);
      break;
    case 3:
      for (let i = off; i < end; i++) post[i] = silu(pre[i]);
      break;
    case 4:
      for (let i = off; i < end; i++) post[i] = gelu(pre[i]);
      break;
    default:
      throw new RangeError(`activation code: expected 0..4, got ${code}`);
  }
}

/**
 * grad[gOff+i] *= act'(pre[off+i]) for i < n. `post` holds act(pre) (before any dropout), which
 * the tanh-based activations use to skip recomputing tanh.
 */
export function activationBackwardRow(
  code: number,
  pre: FloatArray,
  post: FloatArray,
  off: number,
  grad: FloatArray,
  gOff: number,
  n: number,
): void {
  switch (code) {
    case 0:
      for (let i = 0; i < n; i++) {
        const t = post[off + i] / LECUN_SCALE;
        grad[gOff + i] *= LECUN_SCALE * LECUN_SLOPE * (1 - t * t);
      }
      break;
    case 1:
      for (let i = 0; i < n; i++) {
        const t = post[off + i];
        grad[gOff + i] *= 1 - t * t;
      }
      break;
    case 2:
      for (let i = 0; i < n; i++) if (!(pre[off + i] > 0)) grad[gOff + i] = 0;
      break;
    case 3:
      for (let i = 0; i < n; i++) grad[gOff + i] *= siluDerivative(pre[off + i]);
      break;
    case 4:
      for (let i = 0; i < n; i++) grad[gOff + i] *= geluDerivative(pre[off + i]);
      break;
    default:
      throw new RangeError(`activation code: expected 0..4, got ${code}`);
  }
}
