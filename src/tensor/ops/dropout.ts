import type { Tensor } from "../tensor.js";
import { checkTensor, emptyTensor } from "./alloc.js";
import { mul } from "./arithmetic.js";

/** A source of uniform doubles in [0, 1), such as a seeded generator's `random()`. */
export type UniformSource = () => number;

/**
 * Inverted dropout like torch: when `training`, each element is kept with probability
 * `1 - p` (drawing `random() < 1 - p`, one draw per element in row-major order) and scaled by
 * `1 / (1 - p)`, otherwise zeroed. Returns `x` itself when not training or when `p` is 0.
 */
export function dropout(x: Tensor, p: number, training: boolean, random: UniformSource): Tensor {
  checkTensor("dropout", "x", x);
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new RangeError(`dropout: p must be a probability in [0, 1], got ${p}`);
  }
  if (typeof random !== "function") {
    throw new TypeError(
      `dropout: random must be a function returning uniform doubles, got ${typeof random}`,
    );
  }
  if (!training || p === 0) return x;
  const keep = 1 - p;
  const scale = 1 / keep;
  const noise = emptyTensor(x.dtype, x.shape);
  const data = noise.data;
  for (let i = 0; i < data.length; i++) data[i] = random() < keep ? scale : 0;
  return mul(x, noise);
}
