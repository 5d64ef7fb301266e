/**
 * Generalised advantage estimation (Schulman et al. 2016) over a time-major rollout of N
 * envs and T steps, as CleanRL and rllib compute it:
 *
 *   delta_t = r_t + gamma * V_{t+1} * (1 - done_t) - V_t
 *   A_t     = delta_t + gamma * lambda * (1 - done_t) * A_{t+1}
 *
 * with `V_T` the bootstrap value of the observation after the last step. Truncated episodes
 * are bootstrapped by the caller, who adds `gamma * V(final observation)` to their last reward
 * and marks them done.
 */

/** Inputs of {@link computeGae}; every `[T, N]` array is row-major (time first). */
export interface GaeInput {
  /** Rewards `[T, N]`. */
  readonly rewards: ArrayLike<number>;
  /** Value estimates of the observations the actions were taken in, `[T, N]`. */
  readonly values: ArrayLike<number>;
  /** 1 where the episode ended with this step (nothing is bootstrapped across it), `[T, N]`. */
  readonly dones: ArrayLike<number>;
  /** Values of the observations after the last step, `[N]`. */
  readonly lastValues: ArrayLike<number>;
  /** T, the steps per env. */
  readonly numSteps: number;
  /** N, the envs. */
  readonly numEnvs: number;
  /** Discount factor in [0, 1]. */
  readonly gamma: number;
  /** GAE lambda in [0, 1]: 0 gives one-step TD errors, 1 Monte Carlo returns minus values. */
  readonly lambda: number;
}

/** Advantages and value targets (`advantages + values`), both `[T, N]`. */
export interface GaeResult {
  /** The advantage estimates A_t. */
  readonly advantages: Float64Array;
  /** The value targets `A_t + V_t`. */
  readonly returns: Float64Array;
}

function checkLength(name: string, a: ArrayLike<number>, n: number): void {
  if (a.length !== n)
    throw new RangeError(`computeGae: ${name} must have ${n} values, got ${a.length}`);
}

/** Computes GAE advantages and the value targets; see the module comment for the formulas. */
export function computeGae(input: GaeInput): GaeResult {
  const { numSteps: t, numEnvs: n, gamma, lambda } = input;
  if (!Number.isInteger(t) || t < 1)
    throw new RangeError(`computeGae: numSteps must be a positive integer, got ${t}`);
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`computeGae: numEnvs must be a positive integer, got ${n}`);
  if (!(gamma >= 0 && gamma <= 1))
    throw new RangeError(`computeGae: gamma must be in [0, 1], got ${gamma}`);
  if (!(lambda >= 0 && lambda <= 1))
    throw new RangeError(`computeGae: lambda must be in [0, 1], got ${lambda}`);
  checkLength("rewards", input.rewards, t * n);
  checkLength("values", input.values, t * n);
  checkLength("dones", input.dones, t * n);
  checkLength("lastValues", input.lastValues, n);
  const { rewards, values, dones, lastValues } = input;
  const advantages = new Float64Array(t * n);
  const returns = new Float64Array(t * n);
  for (let e = 0; e < n; e++) {
    let next = 0;
    for (let s = t - 1; s >= 0; s--) {
      const i = s * n + e;
      const nextValue = s === t - 1 ? lastValues[e] : values[i + n];
      const live = dones[i] ? 0 : 1;
      const delta = rewards[i] + gamma * nextValue * live - values[i];
      next = delta + gamma * lambda * live * next;
      advantages[i] = next;
      returns[i] = next + values[i];
    }
  }
  return { advantages, returns };
}
