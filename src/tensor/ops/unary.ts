import { getKernels, type UnaryOp } from "../../backend/index.js";
import { defineOp, type Op } from "../op.js";
import type { Tensor } from "../tensor.js";
import { checkTensor, emptyTensor } from "./alloc.js";

/** Defines the op for a kernel unary function; backward uses the saved input and output. */
function unaryOp(op: UnaryOp): (x: Tensor) => Tensor {
  const apply: Op<void> = defineOp<void, { x: Tensor; y: Tensor }>({
    name: op,
    inputNames: ["x"],
    forward: ([x]) => {
      const y = emptyTensor(x.dtype, x.shape);
      getKernels().unary(op, x.size, x.data, y.data);
      return { outputs: [y], saved: { x, y } };
    },
    backward: ([gy], { x, y }) => {
      const gx = emptyTensor(x.dtype, x.shape);
      getKernels().unaryBackward(op, x.size, x.data, y.data, gy.data, gx.data);
      return [gx];
    },
  });
  return (x: Tensor) => apply([checkTensor(op, "x", x)])[0];
}

/** `|x|` (gradient 0 at 0, like torch). */
export const abs = unaryOp("abs");
/** `e^x`. */
export const exp = unaryOp("exp");
/** Natural logarithm. */
export const log = unaryOp("log");
/** Square root. */
export const sqrt = unaryOp("sqrt");
/** Hyperbolic tangent. */
export const tanh = unaryOp("tanh");
/** `1 / (1 + e^-x)`. */
export const sigmoid = unaryOp("sigmoid");
/** `max(x, 0)` (gradient 0 at 0). */
export const relu = unaryOp("relu");
/** `x * sigmoid(x)` (SiLU, swish). */
export const silu = unaryOp("silu");
/** `x * Phi(x)`, the exact erf form of GELU (torch's default). */
export const gelu = unaryOp("gelu");
/** `log(1 + e^x)`, and `x` itself for x > 20 (torch.nn.Softplus: beta 1, threshold 20). */
export const softplus = unaryOp("softplus");
/** `1.7159 * tanh(0.666 * x)`, the ncps activation (0.666, not 2/3). */
export const lecunTanh = unaryOp("lecunTanh");

const powOp = defineOp<number, { x: Tensor; exponent: number }>({
  name: "pow",
  inputNames: ["x"],
  forward: ([x], exponent) => {
    const y = emptyTensor(x.dtype, x.shape);
    getKernels().powScalar(x.size, x.data, exponent, y.data);
    return { outputs: [y], saved: { x, exponent } };
  },
  backward: ([gy], { x, exponent }) => {
    const gx = emptyTensor(x.dtype, x.shape);
    getKernels().powScalarBackward(x.size, x.data, exponent, gy.data, gx.data);
    return [gx];
  },
});

/** `x ** exponent` for a number exponent. */
export function pow(x: Tensor, exponent: number): Tensor {
  checkTensor("pow", "x", x);
  if (typeof exponent !== "number") {
    throw new TypeError(`pow: exponent must be a number, got ${typeof exponent}`);
  }
  return powOp([x], exponent)[0];
}

interface Bounds {
  readonly lo: number;
  readonly hi: number;
}

const clampOp = defineOp<Bounds, { x: Tensor; bounds: Bounds }>({
  name: "clamp",
  inputNames: ["x"],
  forward: ([x], bounds) => {
    const y = emptyTensor(x.dtype, x.shape);
    getKernels().clamp(x.size, x.data, bounds.lo, bounds.hi, y.data);
    return { outputs: [y], saved: { x, bounds } };
  },
  backward: ([gy], { x, bounds }) => {
    const gx = emptyTensor(x.dtype, x.shape);
    getKernels().clampBackward(x.size, x.data, bounds.lo, bounds.hi, gy.data, gx.data);
    return [gx];
  },
});

/**
 * `min(max(x, min), max)`; a null bound is absent. The gradient passes where
 * `min <= x <= max` (bounds included, like torch).
 */
export function clamp(x: Tensor, min: number | null, max: number | null = null): Tensor {
  checkTensor("clamp", "x", x);
  if (min === null && max === null) {
    throw new TypeError("clamp: at least one of min and max must be a number, got null for both");
  }
  for (const [arg, v] of [
    ["min", min],
    ["max", max],
  ] as const) {
    if (v !== null && (typeof v !== "number" || Number.isNaN(v))) {
      throw new TypeError(`clamp: ${arg} must be a number or null, got ${String(v)}`);
    }
  }
  const lo = min ?? Number.NEGATIVE_INFINITY;
  const hi = max ?? Number.POSITIVE_INFINITY;
  return clampOp([x], { lo, hi })[0];
}
