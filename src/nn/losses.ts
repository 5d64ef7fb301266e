/**
 * Losses with torch's definitions and `reduction` ("mean" by default, "sum", "none").
 * Shapes must agree exactly (no silent broadcasting of a target against a prediction).
 */
import { add, mul, neg, sub } from "../tensor/ops/arithmetic.js";
import { gather } from "../tensor/ops/indexing.js";
import { mean, sum } from "../tensor/ops/reduce.js";
import { logSoftmax } from "../tensor/ops/softmax.js";
import { abs, relu, softplus } from "../tensor/ops/unary.js";
import { Tensor } from "../tensor/tensor.js";

/** How a loss reduces over elements: `"mean"` (default), `"sum"` or `"none"` (per element). */
export type Reduction = "mean" | "sum" | "none";

function reduce(loss: string, x: Tensor, reduction: Reduction | undefined): Tensor {
  const r = reduction ?? "mean";
  if (r === "mean") return mean(x);
  if (r === "sum") return sum(x);
  if (r === "none") return x;
  throw new Error(`${loss}: reduction must be "mean", "sum" or "none", got ${JSON.stringify(r)}`);
}

function checkSameShape(loss: string, a: Tensor, b: Tensor, names: [string, string]): void {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) {
    throw new TypeError(`${loss}: ${names[0]} and ${names[1]} must be Tensors`);
  }
  if (a.ndim !== b.ndim || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new RangeError(
      `${loss}: ${names[1]} must have the shape of ${names[0]} [${a.shape.join(", ")}], got [${b.shape.join(", ")}]`,
    );
  }
}

/** Mean squared error, torch `mse_loss`. */
export function mseLoss(input: Tensor, target: Tensor, reduction?: Reduction): Tensor {
  checkSameShape("mseLoss", input, target, ["input", "target"]);
  const d = sub(input, target);
  return reduce("mseLoss", mul(d, d), reduction);
}

/**
 * Binary cross-entropy on logits, torch `binary_cross_entropy_with_logits`, in the stable form
 * `max(x, 0) - x·y + log(1 + exp(-|x|))`.
 */
export function bceWithLogitsLoss(logits: Tensor, target: Tensor, reduction?: Reduction): Tensor {
  checkSameShape("bceWithLogitsLoss", logits, target, ["logits", "target"]);
  const loss = add(sub(relu(logits), mul(logits, target)), softplus(neg(abs(logits))));
  return reduce("bceWithLogitsLoss", loss, reduction);
}

/**
 * Categorical cross-entropy on logits `[N, K]` with integer class labels `[N]`, torch
 * `cross_entropy`. Labels must be integers in [0, K).
 */
export function crossEntropyLoss(
  logits: Tensor,
  labels: ArrayLike<number>,
  reduction?: Reduction,
): Tensor {
  if (!(logits instanceof Tensor) || logits.ndim !== 2) {
    throw new RangeError(`crossEntropyLoss: logits must be a [N, K] Tensor`);
  }
  const [n, k] = logits.shape;
  if (labels.length !== n) {
    throw new RangeError(
      `crossEntropyLoss: labels must have ${n} entries (one per row of logits), got ${labels.length}`,
    );
  }
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (!Number.isInteger(l) || l < 0 || l >= k) {
      throw new RangeError(
        `crossEntropyLoss: labels must be integers in [0, ${k}), got ${l} at index ${i}`,
      );
    }
    index[i] = l;
  }
  const picked = gather(logSoftmax(logits, -1), 1, index).reshape([n]);
  return reduce("crossEntropyLoss", neg(picked), reduction);
}
