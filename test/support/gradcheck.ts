import type { DType } from "../../src/tensor/index.js";
import { grad, noGrad, Tensor, tensor } from "../../src/tensor/index.js";
import { assertClose } from "./assertClose.js";

/** A small seeded generator of uniform doubles in [0, 1) (mulberry32), for test inputs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of `randomTensor`. */
export interface RandomTensorOptions {
  /** Lower bound of the uniform values (default -1). */
  low?: number;
  /** Upper bound (default 1). */
  high?: number;
  /** Default float64, the dtype gradient checks need. */
  dtype?: DType;
  /** Default true. */
  requiresGrad?: boolean;
}

/** A tensor of uniform values drawn from `random`. */
export function randomTensor(
  random: () => number,
  shape: readonly number[],
  options: RandomTensorOptions = {},
): Tensor {
  const { low = -1, high = 1, dtype = "float64", requiresGrad = true } = options;
  let n = 1;
  for (const d of shape) n *= d;
  const values = Float64Array.from({ length: n }, () => low + (high - low) * random());
  return tensor(values, { shape, dtype, requiresGrad });
}

/** Options of `gradcheck`. */
export interface GradcheckOptions {
  /** Central-difference step (default 1e-6). */
  eps?: number;
  /** Tolerances of analytic against numeric gradients (default atol 1e-8, rtol 1e-7). */
  atol?: number;
  rtol?: number;
  /** Seed of the random output weights (default 1). */
  seed?: number;
  /** Label for failure messages. */
  name?: string;
}

/**
 * Checks the gradients that `grad()` computes for `fn` at `inputs` against central finite
 * differences, in float64. The scalar differentiated is `sum_k sum(w_k * outputs_k)` with
 * random weights `w_k`, so every output element and every output of a multi-output function
 * takes part. Only inputs with `requiresGrad` are checked; the others are constants.
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor | readonly Tensor[],
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): void {
  const { eps = 1e-6, atol = 1e-8, rtol = 1e-7, seed = 1, name = "gradcheck" } = options;
  for (const t of inputs) {
    if (t.dtype !== "float64") throw new Error(`${name}: gradcheck needs float64 inputs`);
  }
  const asList = (out: Tensor | readonly Tensor[]): readonly Tensor[] =>
    out instanceof Tensor ? [out] : out;
  const outputs = asList(fn(...inputs));
  const random = seededRandom(seed);
  const weights = outputs.map((out) =>
    tensor(
      Float64Array.from({ length: out.size }, () => 2 * random() - 1),
      { shape: out.shape, dtype: "float64" },
    ),
  );
  const objective = (): number =>
    noGrad(() => {
      let total = 0;
      asList(fn(...inputs)).forEach((out, k) => {
        for (let i = 0; i < out.size; i++) total += out.data[i] * weights[k].data[i];
      });
      return total;
    });

  const checked = inputs.filter((t) => t.requiresGrad);
  const analytic = grad(outputs, checked, weights);
  checked.forEach((input, j) => {
    const numeric = new Float64Array(input.size);
    for (let i = 0; i < input.size; i++) {
      const original = input.data[i];
      input.data[i] = original + eps;
      const up = objective();
      input.data[i] = original - eps;
      const down = objective();
      input.data[i] = original;
      numeric[i] = (up - down) / (2 * eps);
    }
    assertClose(analytic[j].data, numeric, { atol, rtol }, `${name}: gradient of input ${j}`);
  });
}
