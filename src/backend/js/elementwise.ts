import type { BinaryOp, FloatArray, UnaryOp } from "../kernels.js";
import { erf } from "./erf.js";

// Each op has its own loop, chosen by one switch per call, so every loop body stays
// monomorphic and free of calls through closures. Formulas follow torch's CPU kernels so
// float64 results agree to the last few bits.

const LECUN_SCALE = 1.7159;
const LECUN_SLOPE = 0.666; // ncps uses 0.666, not 2/3
const SQRT1_2 = Math.SQRT1_2;
/** d/dx of Phi is exp(-x^2/2) * GELU_PDF (torch's kBeta: M_2_SQRTPI * M_SQRT1_2 * 0.5). */
const GELU_PDF = (2 / Math.sqrt(Math.PI)) * SQRT1_2 * 0.5;
/** torch.nn.Softplus default: beta 1, and the identity above this input. */
const SOFTPLUS_THRESHOLD = 20;

/** `y[i] = f(x[i])`. */
export function unary<T extends FloatArray>(op: UnaryOp, n: number, x: T, y: T): void {
  switch (op) {
    case "neg":
      for (let i = 0; i < n; i++) y[i] = -x[i];
      return;
    case "abs":
      for (let i = 0; i < n; i++) y[i] = Math.abs(x[i]);
      return;
    case "exp":
      for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]);
      return;
    case "log":
      for (let i = 0; i < n; i++) y[i] = Math.log(x[i]);
      return;
    case "sqrt":
      for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]);
      return;
    case "tanh":
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
      return;
    case "sigmoid":
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
      return;
    case "relu":
      // NaN propagates, as in torch.
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v > 0 || Number.isNaN(v) ? v : 0;
      }
      return;
    case "silu":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v / (1 + Math.exp(-v));
      }
      return;
    case "gelu":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v * 0.5 * (1 + erf(v * SQRT1_2));
      }
      return;
    case "softplus":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = v > SOFTPLUS_THRESHOLD ? v : Math.log1p(Math.exp(v));
      }
      return;
    case "lecunTanh":
      for (let i = 0; i < n; i++) y[i] = LECUN_SCALE * Math.tanh(LECUN_SLOPE * x[i]);
      return;
    default:
      throw new RangeError(`unary: op must be a UnaryOp, got ${String(op)}`);
  }
}

/** `gx[i] = gy[i] * f'(x[i])`, with `y = f(x)` available. */
export function unaryBackward<T extends FloatArray>(
  op: UnaryOp,
  n: number,
  x: T,
  y: T,
  gy: T,
  gx: T,
): void {
  switch (op) {
    case "neg":
      for (let i = 0; i < n; i++) gx[i] = -gy[i];
      return;
    case "abs":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        gx[i] = v > 0 ? gy[i] : v < 0 ? -gy[i] : 0;
      }
      return;
    case "exp":
      for (let i = 0; i < n; i++) gx[i] = gy[i] * y[i];
      return;
    case "log":
      for (let i = 0; i < n; i++) gx[i] = gy[i] / x[i];
      return;
    case "sqrt":
      for (let i = 0; i < n; i++) gx[i] = gy[i] / (2 * y[i]);
      return;
    case "tanh":
      for (let i = 0; i < n; i++) {
        const t = y[i];
        gx[i] = gy[i] * (1 - t * t);
      }
      return;
    case "sigmoid":
      for (let i = 0; i < n; i++) {
        const s = y[i];
        gx[i] = gy[i] * (1 - s) * s;
      }
      return;
    case "relu":
      // torch's threshold_backward: zero where the output is <= 0.
      for (let i = 0; i < n; i++) gx[i] = y[i] <= 0 ? 0 : gy[i];
      return;
    case "silu":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const s = 1 / (1 + Math.exp(-v));
        gx[i] = gy[i] * s * (1 + v * (1 - s));
      }
      return;
    case "gelu":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const cdf = 0.5 * (1 + erf(v * SQRT1_2));
        const pdf = Math.exp(-0.5 * v * v) * GELU_PDF;
        gx[i] = gy[i] * (cdf + v * pdf);
      }
      return;
    case "softplus":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        if (v > SOFTPLUS_THRESHOLD) gx[i] = gy[i];
        else {
          const z = Math.exp(v);
          gx[i] = (gy[i] * z) / (z + 1);
        }
      }
      return;
    case "lecunTanh":
      // The chain rule of torch's composition 1.7159 * tanh(0.666 * x), factor by factor.
      for (let i = 0; i < n; i++) {
        const t = Math.tanh(LECUN_SLOPE * x[i]);
        gx[i] = gy[i] * LECUN_SCALE * (1 - t * t) * LECUN_SLOPE;
      }
      return;
    default:
      throw new RangeError(`unaryBackward: op must be a UnaryOp, got ${String(op)}`);
  }
}

/** `y = x ** p`, with the exact special cases torch uses. */
export function powScalar<T extends FloatArray>(n: number, x: T, p: number, y: T): void {
  if (p === 2) for (let i = 0; i < n; i++) y[i] = x[i] * x[i];
  else if (p === 3) for (let i = 0; i < n; i++) y[i] = x[i] * x[i] * x[i];
  else if (p === 0.5) for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]);
  else if (p === -0.5) for (let i = 0; i < n; i++) y[i] = 1 / Math.sqrt(x[i]);
  else if (p === -1) for (let i = 0; i < n; i++) y[i] = 1 / x[i];
  else if (p === -2) for (let i = 0; i < n; i++) y[i] = 1 / (x[i] * x[i]);
  else for (let i = 0; i < n; i++) y[i] = x[i] ** p;
}

/** `gx = gy * p * x ** (p - 1)`, zero for `p = 0`. */
export function powScalarBackward<T extends FloatArray>(
  n: number,
  x: T,
  p: number,
  gy: T,
  gx: T,
): void {
  if (p === 0) gx.fill(0, 0, n);
  else if (p === 1) for (let i = 0; i < n; i++) gx[i] = gy[i];
  else if (p === 2) for (let i = 0; i < n; i++) gx[i] = gy[i] * 2 * x[i];
  else for (let i = 0; i < n; i++) gx[i] = gy[i] * p * x[i] ** (p - 1);
}

/** `y = min(max(x, lo), hi)` in that order (so `hi` wins when lo > hi); NaN stays NaN. */
export function clamp<T extends FloatArray>(n: number, x: T, lo: number, hi: number, y: T): void {
  for (let i = 0; i < n; i++) y[i] = Math.min(Math.max(x[i], lo), hi);
}

/** `gx = gy` where `lo <= x <= hi`, else 0. */
export function clampBackward<T extends FloatArray>(
  n: number,
  x: T,
  lo: number,
  hi: number,
  gy: T,
  gx: T,
): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    gx[i] = v >= lo && v <= hi ? gy[i] : 0;
  }
}

/** `y = x op s`, or `s op x` when `scalarFirst`. */
export function scalarOp<T extends FloatArray>(
  op: BinaryOp,
  n: number,
  x: T,
  s: number,
  scalarFirst: boolean,
  y: T,
): void {
  switch (op) {
    case "add":
      for (let i = 0; i < n; i++) y[i] = x[i] + s;
      return;
    case "mul":
      for (let i = 0; i < n; i++) y[i] = x[i] * s;
      return;
    case "sub":
      if (scalarFirst) for (let i = 0; i < n; i++) y[i] = s - x[i];
      else for (let i = 0; i < n; i++) y[i] = x[i] - s;
      return;
    case "div":
      if (scalarFirst) for (let i = 0; i < n; i++) y[i] = s / x[i];
      else for (let i = 0; i < n; i++) y[i] = x[i] / s;
      return;
    case "minimum":
      for (let i = 0; i < n; i++) y[i] = minimumOf(x[i], s);
      return;
    case "maximum":
      for (let i = 0; i < n; i++) y[i] = maximumOf(x[i], s);
      return;
    default:
      throw new RangeError(`scalarOp: op must be a BinaryOp, got ${String(op)}`);
  }
}

/** `y += alpha * x`. */
export function axpy<T extends FloatArray>(n: number, alpha: number, x: T, y: T): void {
  if (alpha === 1) for (let i = 0; i < n; i++) y[i] += x[i];
  else for (let i = 0; i < n; i++) y[i] += alpha * x[i];
}

/** torch.minimum: NaN if either is NaN. */
export function minimumOf(a: number, b: number): number {
  return a < b ? a : b < a ? b : Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a;
}

/** torch.maximum: NaN if either is NaN. */
export function maximumOf(a: number, b: number): number {
  return a > b ? a : b > a ? b : Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a;
}
