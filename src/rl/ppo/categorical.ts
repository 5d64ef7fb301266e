/**
 * The categorical action distribution on plain arrays (rollouts run without autodiff):
 * stable log-probabilities, sampling by inverse CDF from an injected uniform source, and
 * the greedy choice.
 */

/** A source of uniform doubles in [0, 1), such as a seeded `Generator`. */
export interface UniformSource {
  /** The next uniform double in [0, 1). */
  random(): number;
}

/** `logits - logsumexp(logits)` of row `row` of a `[rows, n]` array, into `out` (length n). */
export function logSoftmaxRow(
  logits: ArrayLike<number>,
  row: number,
  n: number,
  out: Float64Array,
): void {
  const base = row * n;
  let max = Number.NEGATIVE_INFINITY;
  for (let a = 0; a < n; a++) max = Math.max(max, logits[base + a]);
  let sum = 0;
  for (let a = 0; a < n; a++) sum += Math.exp(logits[base + a] - max);
  const lse = max + Math.log(sum);
  for (let a = 0; a < n; a++) out[a] = logits[base + a] - lse;
}

/**
 * Draws an action from log-probabilities: the first `a` whose cumulative probability
 * exceeds one uniform draw (the last action when rounding leaves the sum below it).
 */
export function sampleFromLogProbs(logProbs: Float64Array, n: number, rng: UniformSource): number {
  const u = rng.random();
  let cumulative = 0;
  for (let a = 0; a < n - 1; a++) {
    cumulative += Math.exp(logProbs[a]);
    if (u < cumulative) return a;
  }
  return n - 1;
}

/** The most probable action (the first on ties), as rllib's `explore=False`. */
export function greedyAction(logits: ArrayLike<number>, row: number, n: number): number {
  let best = 0;
  for (let a = 1; a < n; a++) if (logits[row * n + a] > logits[row * n + best]) best = a;
  return best;
}
